# Writes the case file of bench/bench_analysis.sh on stdout: one
# organisation of MEMBERS members (codes M00000...), each with the
# weights "votes" (1 to 100) and "population" (1,000 to 1,000,000),
# deterministic pseudo-random, "up" (i + 1 for member i) and "down"
# (MEMBERS - i: the opposite order); one text proposal per rule of RULES (a
# list of JSON rules separated by "|", proposal i under rule i, ids p0,
# p1, ...); on each proposal one member in ten supports and three in ten
# object, the others have not said. Every count comes in with -v.
#
# Under "at least 75% of members by up and at least 75% of members by
# down" no search ends soon: each part is reached by half the members
# (the bound), both by three quarters only.
#
#   awk -v MEMBERS=1000 -v RULES='"at least 2/3 of members"|"unanimity"' \
#       -f bench/analysis_case.awk >analysis.case
BEGIN {
	seed = 12345
	printf "{\"date\":\"2024-01-01T00:00:00Z\",\"type\":\"org.create\",\"data\":{\"id\":\"big\",\"name\":\"A large organisation\",\"rule\":\"unanimity\"}}\n"
	for (m = 0; m < MEMBERS; m++) {
		seed = (seed * 1103515245 + 12345) % 2147483648
		votes = 1 + seed % 100
		seed = (seed * 1103515245 + 12345) % 2147483648
		pop = 1000 + seed % 999001
		printf "{\"date\":\"2024-01-01T00:00:00Z\",\"type\":\"member.join\",\"data\":{\"org\":\"big\",\"code\":\"M%05d\",\"name\":\"Member %d\",\"weights\":{\"votes\":%d,\"population\":%d,\"up\":%d,\"down\":%d}}}\n", m, m, votes, pop, m + 1, MEMBERS - m
	}
	nr = split(RULES, rule, "|")
	for (p = 0; p < nr; p++)
		printf "{\"date\":\"2024-01-02T00:00:00Z\",\"type\":\"proposal.open\",\"data\":{\"id\":\"p%d\",\"org\":\"big\",\"kind\":\"text\",\"title\":\"Text %d\",\"text\":\"The text of proposal %d\",\"rule\":%s}}\n", p, p, p, rule[p + 1]
	for (p = 0; p < nr; p++)
		for (m = 0; m < MEMBERS; m++) {
			k = m % 10
			if (k == 0)
				s = "support"
			else if (k <= 3)
				s = "object"
			else
				continue
			printf "{\"date\":\"2024-01-03T00:00:00Z\",\"type\":\"position.declare\",\"data\":{\"proposal\":\"p%d\",\"member\":\"M%05d\",\"position\":\"%s\",\"source\":\"vote\"}}\n", p, m, s
		}
}

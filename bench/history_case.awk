# Writes the case file of bench/bench_history.sh on stdout: ORGS
# organisations, each with MEMBERS members and PROPOSALS text proposals
# on day 0, then position.declare events up to EVENTS in all, spread
# evenly over DAYS days from 2023-01-01, the organisations interleaved
# day by day, each one's dates non-decreasing, each payload about 200
# bytes. Every count comes in with -v; nothing is read.
#
#   awk -v EVENTS=1000000 -v DAYS=1000 -v ORGS=10 -v MEMBERS=200 \
#       -v PROPOSALS=100 -f bench/history_case.awk >history.case

# The civil date of day d after 1970-01-01 (H. Hinnant's days_from_civil,
# inverted), as YYYY-MM-DD.
function civil(d,    z, era, doe, yoe, y, doy, mp, dd, m) {
	z = d + 719468
	era = int(z / 146097)
	doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	y = yoe + era * 400
	doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153)
	dd = doy - int((153 * mp + 2) / 5) + 1
	m = mp < 10 ? mp + 3 : mp - 9
	if (m <= 2)
		y++
	return sprintf("%04d-%02d-%02d", y, m, dd)
}

BEGIN {
	day0 = 19358			# 2023-01-01
	setup = ORGS * (1 + MEMBERS + PROPOSALS)
	per = int((EVENTS - setup) / ORGS)	# positions per organisation
	split("support object abstain", pos, " ")
	for (d = 0; d < DAYS; d++)
		date[d] = civil(day0 + d)
	for (o = 0; o < ORGS; o++) {
		printf "{\"date\":\"%sT00:00:00Z\",\"type\":\"org.create\",\"data\":{\"id\":\"org%d\",\"name\":\"Benchmark organisation %d\",\"rule\":\"unanimity\"}}\n", date[0], o, o
		for (m = 0; m < MEMBERS; m++)
			printf "{\"date\":\"%sT00:00:00Z\",\"type\":\"member.join\",\"data\":{\"org\":\"org%d\",\"code\":\"M%03d\",\"name\":\"Member %d of organisation %d\"}}\n", date[0], o, m, m, o
		for (p = 0; p < PROPOSALS; p++)
			printf "{\"date\":\"%sT00:00:00Z\",\"type\":\"proposal.open\",\"data\":{\"id\":\"org%d-p%03d\",\"org\":\"org%d\",\"kind\":\"text\",\"title\":\"Text %d of organisation %d\",\"text\":\"The text of proposal %d\"}}\n", date[0], o, p, o, p, o, p
	}
	# Position i of an organisation falls on day i * DAYS / per, at a
	# second of that day that grows with i.
	i = 0
	for (d = 0; d < DAYS; d++) {
		end = int((d + 1) * per / DAYS)
		if (d == DAYS - 1)
			end = per
		for (o = 0; o < ORGS; o++)
			for (k = i; k < end; k++) {
				s = int((k - i) * 86400 / (end - i)) + 0
				if (s < 1)
					s = 1
				printf "{\"date\":\"%sT%02d:%02d:%02dZ\",\"type\":\"position.declare\",\"data\":{\"proposal\":\"org%d-p%03d\",\"member\":\"M%03d\",\"position\":\"%s\",\"source\":\"Statement %d of the delegation on day %d, as entered in the verbatim record of the meeting, paragraph %d of the summary\"}}\n", date[d], int(s / 3600), int(s / 60) % 60, s % 60, o, (k * 7) % PROPOSALS, (int(k / PROPOSALS) * 13 + o) % MEMBERS, pos[k % 3 + 1], k, d, k % 97
			}
		i = end
	}
}

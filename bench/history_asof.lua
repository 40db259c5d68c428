-- wrk script of bench/bench_history.sh: GET the status of one proposal,
-- each request as of the next date of DATES (space-separated, cycled),
-- or as of now when DATES is empty. PROPOSAL and TOKEN come from the
-- environment.
local token = os.getenv("TOKEN")
local path = "/v1/proposals/" .. os.getenv("PROPOSAL") .. "/status"
local dates = {}
local n = 0

for d in string.gmatch(os.getenv("DATES") or "", "%S+") do
	dates[#dates + 1] = d
end

function request()
	local p = path
	if #dates > 0 then
		p = path .. "?as_of=" .. dates[n % #dates + 1]
	end
	n = n + 1
	return wrk.format("GET", p, { ["Authorization"] = "Bearer " .. token })
end

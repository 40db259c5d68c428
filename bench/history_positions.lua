-- wrk script of bench/bench_history.sh: POST a position per request with
-- a fresh Idempotency-Key (PREFIX, the thread and the request number, so
-- that two wrk processes never share one), cycling over the members and
-- the proposals of the organisation ORG (MEMBERS and PROPOSALS of them)
-- and over support, objection and abstention (a pair's position changes
-- from one round to the next). TOKEN comes from the environment.
local token = os.getenv("TOKEN")
local org = os.getenv("ORG")
local prefix = os.getenv("PREFIX") or "wrk"
local members = tonumber(os.getenv("MEMBERS") or "200")
local proposals = tonumber(os.getenv("PROPOSALS") or "100")
local positions = { "support", "object", "abstain" }
local threads = 0
local n = 0

function setup(thread)
	threads = threads + 1
	thread:set("tid", threads)
end

function request()
	n = n + 1
	local m = string.format("M%03d", n % members)
	local p = string.format("%s-p%03d", org,
	    math.floor(n / members) % proposals)
	local pos = positions[n % 3 + 1]
	local body = string.format('{"data":{"proposal":"%s","member":"%s",' ..
	    '"position":"%s","source":"Request %d of thread %d of %s, as ' ..
	    'entered in the verbatim record"}}', p, m, pos, n, tid, prefix)
	return wrk.format("POST", "/v1/events/position.declare", {
		["Content-Type"] = "application/json",
		["Authorization"] = "Bearer " .. token,
		["Idempotency-Key"] = string.format("%s-%d-%d", prefix, tid, n),
	}, body)
end

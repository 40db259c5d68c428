-- wrk script: POST a position per request, each with a fresh
-- Idempotency-Key, cycling over the 32 members of the benchmark's
-- proposal and alternating support and objection, so that every event
-- is a real change. TOKEN comes from the environment.
local token = os.getenv("TOKEN")
local threads = 0
local n = 0

function setup(thread)
	threads = threads + 1
	thread:set("tid", threads)
end

function request()
	n = n + 1
	local m = string.format("M%02d", n % 32)
	local pos = (math.floor(n / 32) % 2 == 0) and "support" or "object"
	local body = string.format('{"data":{"proposal":"bench","member":"%s",' ..
	    '"position":"%s","source":"wrk request %d of thread %d"}}',
	    m, pos, n, tid)
	return wrk.format("POST", "/v1/events/position.declare", {
		["Content-Type"] = "application/json",
		["Authorization"] = "Bearer " .. token,
		["Idempotency-Key"] = string.format("wrk-%d-%d", tid, n),
	}, body)
end

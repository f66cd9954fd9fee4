-- wrk script of figure B3: every request casts a real vote, each a different (ballot, titular) pair.
--   wrk ... -s bench/vote.lua http://host:port -- <offset> <threads>
-- The pairs come from $BENCH_VOTES (written by bench/bench_data.py). Pair k is ballot k mod #ballots
-- and titular floor(k / #ballots), so consecutive requests vote on different ballots (their row
-- locks do not queue behind each other) and no pair repeats while k < #ballots x #titulars.
-- bench/run moves <offset> past the pairs each run used, so a later run never repeats a vote.
local data = dofile(os.getenv("BENCH_VOTES"))
local next_id = 0

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
end

function init(args)
  offset = tonumber(args[1]) or 0
  threads = tonumber(args[2]) or 1
  n = 0
end

function request()
  local k = offset + tid + threads * n
  n = n + 1
  local ballot = data.ballots[(k % #data.ballots) + 1]
  local token = data.tokens[(math.floor(k / #data.ballots) % #data.tokens) + 1]
  return wrk.format("POST", "/api/v1/ballots/" .. ballot .. "/vote/",
    { ["Authorization"] = "Token " .. token, ["Content-Type"] = "application/json" }, '{"choice": "yes"}')
end

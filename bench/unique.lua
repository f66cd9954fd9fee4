-- wrk script of figure B2 (cold): every request asks for the same calendar page under an address
-- of its own (an extra query parameter the API ignores), so no request is served from the cache
-- and each one builds the page: what the first client after a change pays.
local counter = 0
local next_id = 0

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
end

function request()
  counter = counter + 1
  local path = wrk.path .. "&cold=" .. tid .. "-" .. counter .. "-" .. math.random(1, 1000000000)
  return wrk.format("GET", path)
end

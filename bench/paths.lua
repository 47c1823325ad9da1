-- wrk script for bench/loadtest.py: every request picks one of the public addresses at random.
-- Each of wrk's threads draws its own sequence: seeded alike (os.time() in the same second), its two
-- threads asked for the same addresses in the same order, so every page was asked twice at once.
local paths = {}
for line in io.lines(os.getenv("LOADTEST_PATHS")) do paths[#paths + 1] = line end

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("number", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + number)
end

request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end

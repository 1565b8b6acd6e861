#!/usr/bin/env python3
"""Groups JFR execution samples (from `jfr print --events jdk.ExecutionSample`) by Surge room.

Each sample is attributed to the first frame of the stack that belongs to a Surge room, so time
spent in a library (Disruptor, Agrona, the JDK) counts for the room that called it. Prints one
line: room share, largest first."""
import re
import sys
from collections import Counter

ROOMS = [
    ("io.surge.env", "env"),
    ("io.surge.nn", "nn (inference + learning)"),
    ("io.surge.replay", "replay"),
    ("io.surge.experience", "adders"),
    ("io.surge.channel", "rings and parameters"),
    ("io.surge.algo.dqn.QActor", "actor loop"),
    ("io.surge.algo.dqn.DqnLearner", "learner loop"),
    ("io.surge.agent.ReplayAgent", "replay loop"),
    ("io.surge.agent.Evaluator", "evaluator"),
    ("io.surge", "other engine"),
]

def room_of(frame):
    for prefix, name in ROOMS:
        if frame.startswith(prefix):
            return name
    return None

counts = Counter()
total = 0
stack = []
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        line = line.strip()
        if line.startswith("jdk.ExecutionSample"):
            stack = []
        elif line.startswith("]") and stack is not None:
            room = None
            for frame in stack:
                room = room_of(frame)
                if room:
                    break
            counts[room or "outside Surge (JIT, GC, JDK)"] += 1
            total += 1
            stack = None
        elif stack is not None:
            m = re.match(r"([\w.$]+)\.[\w$<>]+\(", line)
            if m:
                stack.append(m.group(1) + "." + line.split("(")[0].split(".")[-1])
if total == 0:
    print("no samples")
else:
    print(", ".join(f"{name} {100.0 * n / total:.0f}%" for name, n in counts.most_common()))

#!/usr/bin/python3
"""Loads Surge's safetensors exports (written by io.surge.bench.nn.ExportCheck) into PyTorch
modules with load_state_dict(strict=True) and compares PyTorch's outputs with Surge's.

    /usr/bin/python3 bench/peers/check_safetensors.py DIR

The safetensors file is parsed here from its published layout (8-byte little-endian header
length, JSON header, raw data), since Debian has no python3-safetensors. Exits non-zero on a
mismatch.
"""
import json
import struct
import sys

import torch
import torch.nn as nn


def load_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    body = data[8 + n:]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        assert info["dtype"] == "F32", info
        begin, end = info["data_offsets"]
        t = torch.frombuffer(bytearray(body[begin:end]), dtype=torch.float32)
        tensors[name] = t.reshape(info["shape"]).clone()
    return tensors


def raw(path):
    with open(path, "rb") as f:
        b = f.read()
    return torch.tensor(struct.unpack("<%df" % (len(b) // 4), b))


def check(name, module, forward, in_shape, directory):
    state = load_safetensors("%s/%s.safetensors" % (directory, name))
    module.load_state_dict(state, strict=True)
    x = raw("%s/%s.input.f32" % (directory, name)).reshape(in_shape)
    expected = raw("%s/%s.output.f32" % (directory, name))
    with torch.no_grad():
        got = forward(module, x).reshape(-1)
    diff = (got - expected).abs().max().item()
    print("%-8s tensors=%d outputs=%d max|torch - surge|=%.3g" % (name, len(state), expected.numel(), diff))
    return diff < 1e-4


def main():
    d = sys.argv[1]
    ok = True

    # MinAtar: Surge's input is NHWC; PyTorch convolves NCHW and must flatten channels-last.
    minatar = nn.Sequential(nn.Conv2d(4, 16, 3), nn.Linear(1024, 128), nn.Linear(128, 6))

    def minatar_forward(m, x):
        h = torch.relu(m[0](x.permute(0, 3, 1, 2)))
        h = h.permute(0, 2, 3, 1).flatten(1)
        return m[2](torch.relu(m[1](h)))
    ok &= check("minatar", minatar, minatar_forward, (5, 10, 10, 4), d)

    # LSTM (time-major, zero initial state) then a linear layer on every step.
    lstm = nn.ModuleList([nn.LSTM(5, 8), nn.Linear(8, 3)])
    ok &= check("lstm", lstm, lambda m, x: m[1](m[0](x)[0]), (7, 4, 5), d)

    mlp = nn.Sequential(nn.Linear(4, 32), nn.ReLU(), nn.Linear(32, 32), nn.ReLU(), nn.Linear(32, 2))
    # Surge names the layers 0, 1, 2 (activations are fused); map them onto the Sequential's 0, 2, 4.
    state = load_safetensors("%s/mlp.safetensors" % d)
    remapped = {("%d.%s" % (2 * int(k.split(".")[0]), k.split(".")[1])): v for k, v in state.items()}
    mlp.load_state_dict(remapped, strict=True)
    x = raw("%s/mlp.input.f32" % d).reshape(6, 4)
    expected = raw("%s/mlp.output.f32" % d)
    with torch.no_grad():
        diff = (mlp(x).reshape(-1) - expected).abs().max().item()
    print("%-8s tensors=%d outputs=%d max|torch - surge|=%.3g" % ("mlp", len(state), expected.numel(), diff))
    ok &= diff < 1e-4

    print("OK" if ok else "MISMATCH")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Installs the PyTorch peer of the nn benchmarks: Debian's python3-torch (importable only by
# Debian's system Python, /usr/bin/python3) and the pthread build of OpenBLAS.
# Needs root (apt-get). Idempotent: does nothing when torch already imports.
set -euo pipefail
if /usr/bin/python3 -c 'import torch' >/dev/null 2>&1; then
    echo "torch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)') already installed"
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y python3-torch libopenblas0-pthread
/usr/bin/python3 -c 'import torch; print("torch", torch.__version__, "installed")'

#!/usr/bin/env python3
"""Fetch the pkuseg default model from the PyPI wheel of pkuseg==0.0.25 and verify it.

spacy-pkuseg does not ship the model; the original pkuseg wheel does. The wheel
is downloaded with pip (the only network access: the package registry), its
sha256 checked, and pkuseg/models/default/{features.pkl,weights.npz} extracted
and checked too. Re-running reuses what is already there and verified.

    python scripts/fetch_pkuseg.py [--dest models/pkuseg/default] [--cache .cache/pkuseg]
"""

import argparse
import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

WHEEL = "pkuseg-0.0.25-cp37-cp37m-manylinux1_x86_64.whl"
WHEEL_SHA256 = "6fc2f97d0f66cc6722cf772e65dbcde1b01d8cc53b66ac4aa7bce639de79588f"
MEMBERS = {
    "features.pkl": "265dcf5534a11d6429776f7e7450a9eef8e075b1a4bedb82ef996994d9c721ac",
    "weights.npz": "95d1632a1fed45993b5006d8ba85939cb110fae71313987673582d24669811dd",
}


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def verified(dest: Path) -> bool:
    return all((dest / name).exists() and sha256(dest / name) == digest for name, digest in MEMBERS.items())


def download(cache: Path) -> Path:
    wheel = cache / WHEEL
    if wheel.exists() and sha256(wheel) == WHEEL_SHA256:
        return wheel
    cache.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "download", "pkuseg==0.0.25", "--no-deps", "--only-binary=:all:",
           "--python-version", "3.7", "--platform", "manylinux1_x86_64", "--implementation", "cp",
           "--abi", "cp37m", "-d", str(cache), "-q"]
    subprocess.run(cmd, check=True)
    got = sha256(wheel)
    if got != WHEEL_SHA256:
        wheel.unlink()
        sys.exit(f"checksum mismatch for {WHEEL}: expected {WHEEL_SHA256}, got {got} (file deleted)")
    return wheel


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=Path, default=Path("models/pkuseg/default"))
    parser.add_argument("--cache", type=Path, default=Path(".cache/pkuseg"))
    args = parser.parse_args()
    if verified(args.dest):
        print(f"pkuseg model present and verified in {args.dest}")
        return
    wheel = download(args.cache)
    args.dest.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheel) as zf:
        for name, digest in MEMBERS.items():
            target = args.dest / name
            with zf.open(f"pkuseg/models/default/{name}") as src, target.open("wb") as out:
                while True:
                    block = src.read(1 << 20)
                    if not block:
                        break
                    out.write(block)
            got = sha256(target)
            if got != digest:
                target.unlink()
                sys.exit(f"checksum mismatch for {name}: expected {digest}, got {got} (file deleted)")
    print(f"pkuseg model extracted and verified in {args.dest}")


if __name__ == "__main__":
    main()

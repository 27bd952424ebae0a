#!/usr/bin/env python3
"""Write a synthetic catalog of N procedures derived from the bundled real ones.

Usage: python benchmarks/make_catalog.py --size 10000 --out /tmp/catalog [--seed 1]
       [--format yaml|csv|xlsx]

Each synthetic procedure copies a real one and varies its title, documents, aliases and
keywords. Codes are `9.000001`, `9.000002`, … in the national format; the first digit 9 is
not used by the national catalogue, so they cannot collide with real codes. Related codes
point only at other synthetic procedures. The result passes `catalog validate`.
Prints one JSON object as its last line.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from procedures_catalog.loader import BUNDLED_DIR, FORMATS, read_catalog, write_catalog
from procedures_catalog.schema import Procedure

MAX_SIZE = 999_999
_QUALIFIERS = (
    "cho người cao tuổi",
    "tại Trung tâm Phục vụ hành chính công",
    "qua dịch vụ bưu chính",
    "có yếu tố nước ngoài",
    "cho người khuyết tật",
    "trường hợp cấp lại",
    "trực tuyến toàn trình",
    "khi thay đổi nơi cư trú",
    "cho hộ nghèo",
    "tại khu vực biên giới",
)
_PLACES = ("Hà Tĩnh", "Kỳ Anh", "Hồng Lĩnh", "Cẩm Xuyên", "Hương Sơn", "Nghi Xuân", "Đức Thọ")
_EXTRA_DOCS = (
    "Giấy ủy quyền (khi nộp thay)",
    "Bản sao sổ hộ nghèo",
    "Xác nhận của Công an cấp xã",
    "Ảnh 4x6 nền trắng",
    "Giấy xác nhận khuyết tật",
)


def synthetic_code(index: int) -> str:
    """The code of the `index`-th synthetic procedure (1-based): 9.000001 …"""
    return f"9.{index:06d}"


def _variant(base: Procedure, index: int, size: int, rng: random.Random) -> dict[str, Any]:
    data = base.model_dump(mode="json")
    code = synthetic_code(index)
    qualifier = rng.choice(_QUALIFIERS)
    place = rng.choice(_PLACES)
    data["code"] = code
    data["code_is_local"] = False
    data["title"]["vi"] = f"{base.title.vi} {qualifier} ({place}, mẫu {index})"
    if base.title.en:
        data["title"]["en"] = f"{base.title.en} (variant {index})"
    documents = list(data["documents"])
    rng.shuffle(documents)
    documents = documents[: rng.randint(min(1, len(documents)), len(documents))]
    if rng.random() < 0.5:
        documents.append({"name": rng.choice(_EXTRA_DOCS), "quantity": rng.randint(1, 3)})
    data["documents"] = documents
    aliases = [a for a in data["aliases"] if rng.random() < 0.7]
    data["aliases"] = [*aliases, f"{base.title.vi.lower()} {place.lower()} {index}"]
    data["keywords"] = [*data["keywords"], place.lower(), qualifier.split()[0]]
    others = [rng.randint(1, size) for _ in range(rng.randint(0, 3))]
    data["related"] = sorted({synthetic_code(o) for o in others if o != index})
    return data


def generate(size: int, seed: int = 1, bases: list[Procedure] | None = None) -> list[Procedure]:
    """`size` valid synthetic procedures derived from `bases` (default: the bundled ones)."""
    if not 1 <= size <= MAX_SIZE:
        raise ValueError(f"size must be between 1 and {MAX_SIZE}")
    pool = bases if bases is not None else read_catalog(BUNDLED_DIR).procedures
    pool = [p for p in pool if not p.code_is_local]
    if not pool:
        raise ValueError("no valid national procedure in the bundled catalog to derive from")
    rng = random.Random(seed)
    return [
        Procedure.model_validate(_variant(pool[(i - 1) % len(pool)], i, size, rng))
        for i in range(1, size + 1)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--format", choices=FORMATS, default="yaml")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    procedures = generate(args.size, args.seed)
    problems = write_catalog(procedures, args.out, args.format)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(
        json.dumps(
            {
                "procedures": len(procedures),
                "out": str(args.out),
                "format": args.format,
                "seconds": round(time.perf_counter() - started, 3),
                "problems": len(problems),
            }
        )
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

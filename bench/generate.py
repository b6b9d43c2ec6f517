"""Write synthetic assessments for benchmarks: 193 countries x 5 years, on the ASEAN checklist and a 10x variant.

Seeded and deterministic; the output goes to a folder outside the repository and is never committed.
Usage: python bench/generate.py OUTDIR [--countries 193] [--years 5] [--seed 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

import pycountry
import yaml

REPO = Path(__file__).resolve().parents[1]
STATUSES = ["not_started", "planned", "partial", "largely", "full"]
HEADER = (
    "# yaml-language-server: $schema=assessment.schema.json\n"
    "# Synthetic benchmark data, not any government's view.\n"
)


def countries(n: int) -> list[str]:
    return sorted(c.alpha_3 for c in pycountry.countries)[:n]


def big_checklist(base: dict, factor: int) -> dict:
    items = []
    for item in base["items"]:
        for copy in range(factor):
            items.append({**item, "id": f"x{factor}-{item['id']}-{copy}", "text": f"{item['text']} (variant {copy})"})
    return {**base, "id": f"{base['id']}-x{factor}", "id_pattern": None, "items": items,
            "title": f"{base['title']} (x{factor} synthetic)"}


def assessment(checklist: dict, country: str, year: int, rng: random.Random) -> dict:
    maturity = rng.random()
    responses = {}
    for item in checklist["items"]:
        roll = rng.random()
        if roll < 0.03:
            responses[item["id"]] = {"status": "not_applicable", "justification": "Synthetic: does not apply."}
            continue
        level = min(4, max(0, int(rng.gauss(maturity * 5 - (item["tier"] - 1) * 0.6 + (year - 2021) * 0.2, 1.2))))
        response: dict = {"status": STATUSES[level]}
        if level >= 3 and rng.random() < 0.9:
            response["evidence"] = [{"title": "Synthetic document", "reference": f"SYN-{country}-{year}-{item['id']}",
                                     "type": "report", "date": dt.date(year, 1, 15)}]
        if rng.random() < 0.1:
            response["notes"] = "Synthetic note <b>not</b> markup; =1+1 stays text."
        responses[item["id"]] = response
    return {"kind": "assessment", "checklist": {"id": checklist["id"], "version": checklist["version"]},
            "country": country, "date": dt.date(year, 6, 30), "perspective": "government",
            "assessors": [{"name": "Synthetic team"}], "illustrative": True, "responses": responses}


def write(path: Path, data: dict) -> None:
    path.write_text(HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--countries", type=int, default=193)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--factor", type=int, default=10, help="size of the large checklist variant")
    args = parser.parse_args()
    base = yaml.safe_load((REPO / "checklists" / "asean-nic.yaml").read_text(encoding="utf-8"))
    large = big_checklist(base, args.factor)
    (args.outdir / "checklists").mkdir(parents=True, exist_ok=True)
    (args.outdir / "checklists" / f"{large['id']}.yaml").write_text(
        yaml.safe_dump(large, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")
    for name, checklist, years in (("asean", base, args.years), (f"x{args.factor}", large, 1)):
        folder = args.outdir / name
        folder.mkdir(parents=True, exist_ok=True)
        for country in countries(args.countries):
            for year in range(2021, 2021 + years):
                rng = random.Random(f"{args.seed}-{name}-{country}-{year}")
                write(folder / f"{country.lower()}-{year}.yaml", assessment(checklist, country, year, rng))
    print(f"wrote {args.countries * args.years} + {args.countries} assessments under {args.outdir}")


if __name__ == "__main__":
    main()

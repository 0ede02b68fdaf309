"""How long the scheme evaluation takes for a large area: run with
``uv run python tests/benchmarks/bench_evaluation_compute.py [N]``."""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta

from yot_desktop.domain.enums import Gender, ReferralStatus
from yot_desktop.domain.ethnicity import ETHNICITIES
from yot_desktop.domain.evaluation import ReferralFact, evaluate


def facts(n: int, seed: int = 1) -> list[ReferralFact]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        steps = rng.choices([0, 1, 2, 3], [15, 3, 12, 70])[0]
        referred = date(2024, 1, 1) + timedelta(days=rng.randrange(730))
        out.append(
            ReferralFact(
                referral_id=i,
                person_id=rng.randrange(int(n * 0.8) + 1),
                scheme_code="WB",
                referral_date=referred,
                offence_date=referred,
                status=rng.choice(list(ReferralStatus)),
                eligible=steps >= 1,
                offered=steps >= 2,
                accepted=steps >= 3,
                age_at_offence=rng.randrange(9, 19),
                gender=rng.choice(list(Gender)),
                ethnicity=rng.choice(ETHNICITIES).label,
                first_appointment=referred + timedelta(days=rng.randrange(30)) if steps else None,
                screened=rng.random() < 0.8,
                need_identified=rng.random() < 0.6,
                intervention_offered=rng.random() < 0.9,
                attended_intervention=rng.random() < 0.8,
            )
        )
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    rows = facts(n)
    start = time.perf_counter()
    ev = evaluate(rows, date(2024, 1, 1), date(2024, 12, 31))
    computed = time.perf_counter()
    ev.suppressed_view()
    done = time.perf_counter()
    print(f"{n} referrals: evaluate {computed - start:.3f} s, suppress {done - computed:.3f} s")


if __name__ == "__main__":
    main()

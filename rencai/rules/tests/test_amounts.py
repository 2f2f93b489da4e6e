"""Amounts in integer fen: fixed, table by a ranked fact, capped formula; refusals with paths."""

from datetime import date
from decimal import Decimal

import pytest

from rencai.rules import RuleValidationError, amount_fen, validate_amount

from .catalogue import pure_catalogue

CATALOGUE = pure_catalogue()
ON = date(2024, 6, 15)

HOME_SUBSIDY = {
    "kind": "table",
    "fact": "degree",
    "rows": {"master": "30000.00", "doctorate": "60000.00"},
}
PER_YEAR = {
    "kind": "formula",
    "fact": "years_in_city",
    "per_unit": "1000.00",
    "base": "500.00",
    "cap": "5000.00",
}
PER_POINT = {"kind": "formula", "fact": "score", "per_unit": "0.01", "cap": "1.00"}
BY_TIER = {"kind": "table", "fact": "tier", "rows": {"A": "50000.00", "D": "10000.00"}}


def fen(spec, subject, on=ON):
    return amount_fen(spec, subject, CATALOGUE, on=on)


@pytest.mark.parametrize(
    ("spec", "subject", "expected"),
    [
        ({"kind": "none"}, {}, None),
        ({"kind": "fixed", "yuan": "30000.00"}, {}, 3_000_000),
        ({"kind": "fixed", "yuan": "0.5"}, {}, 50),
        # table by a ranked fact
        (HOME_SUBSIDY, {"degree": "master"}, 3_000_000),
        (HOME_SUBSIDY, {"degree": "doctorate"}, 6_000_000),
        (HOME_SUBSIDY, {"degree": "bachelor"}, None),  # not listed, no default
        ({**HOME_SUBSIDY, "default": "100.00"}, {"degree": "bachelor"}, 10_000),
        ({**HOME_SUBSIDY, "default": "100.00"}, {"degree": None}, None),  # unknown degree
        ({"kind": "table", "fact": "sex", "rows": {"F": "1.00"}}, {"sex": ""}, None),
        # table by a fact with a none code: none takes its row, else default, else None
        (BY_TIER, {"tier": "D"}, 1_000_000),
        (BY_TIER, {"tier": "E"}, None),
        (BY_TIER, {}, None),
        ({**BY_TIER, "default": "100.00"}, {}, 10_000),
        ({**BY_TIER, "default": "100.00"}, {"tier": "E"}, 10_000),
        ({**BY_TIER, "rows": {**BY_TIER["rows"], "none": "1.00"}, "default": "100.00"}, {}, 100),
        ({**BY_TIER, "rows": {"none": "1.00"}}, {"tier": "A"}, None),
        ({"kind": "table", "fact": "skill", "rows": {"none": "2.00"}}, {"skill": ""}, 200),
        ({"kind": "table", "fact": "skill", "rows": {"technician": "2.00"}}, {"skill": ""}, None),
        # formula over full years: base + years × per_unit, capped
        (PER_YEAR, {"arrival_date": date(2022, 6, 15)}, 250_000),  # 2 years
        (PER_YEAR, {"arrival_date": date(2022, 6, 16)}, 150_000),  # 1 year (the day before)
        (PER_YEAR, {"arrival_date": date(2024, 6, 16)}, 50_000),  # not yet arrived: base only
        (PER_YEAR, {"arrival_date": date(2020, 6, 15)}, 450_000),  # 4 years
        (PER_YEAR, {"arrival_date": date(2019, 6, 15)}, 500_000),  # 5 years: 5500 capped
        (PER_YEAR, {"arrival_date": date(2000, 1, 1)}, 500_000),
        (PER_YEAR, {"arrival_date": None}, None),
        # formula over a number: rounded half up to the fen
        (PER_POINT, {"score": Decimal("2.5")}, 3),
        (PER_POINT, {"score": Decimal("2.49")}, 2),
        (PER_POINT, {"score": Decimal("99.5")}, 100),
        (PER_POINT, {"score": Decimal("250")}, 100),  # capped
        (PER_POINT, {"score": Decimal("-3")}, 0),  # a negative value counts as zero
        (PER_POINT, {"score": None}, None),
    ],
)
def test_amount_in_fen(spec, subject, expected):
    assert fen(spec, subject) == expected


def test_a_cap_below_the_base_pays_the_cap():
    spec = {**PER_YEAR, "base": "9000.00"}

    assert fen(spec, {"arrival_date": date(2023, 1, 1)}) == 500_000


def errors_of(spec):
    with pytest.raises(RuleValidationError) as refused:
        validate_amount(spec, CATALOGUE)
    return [(e.path, str(e.code), e.params.get("reason")) for e in refused.value.errors]


REFUSED = [
    ([], "$", "bad_shape", "not_an_amount_spec"),
    ({"kind": "gift"}, "$.kind", "bad_shape", "not_an_amount_spec"),
    ({"kind": [1]}, "$.kind", "bad_shape", "not_an_amount_spec"),
    ({"kind": {"fixed": 1}}, "$.kind", "bad_shape", "not_an_amount_spec"),
    ({"kind": "fixed"}, "$", "bad_shape", "missing_key"),
    ({"kind": "fixed", "yuan": "1.00", "fen": 100}, "$.fen", "bad_shape", "unknown_key"),
    ({"kind": "fixed", "yuan": 30000.0}, "$.yuan", "bad_value", "float"),
    ({"kind": "fixed", "yuan": 30000}, "$.yuan", "bad_value", "not_an_amount"),
    ({"kind": "fixed", "yuan": "30000.001"}, "$.yuan", "bad_value", "not_an_amount"),
    ({"kind": "fixed", "yuan": "-1.00"}, "$.yuan", "bad_value", "not_an_amount"),
    ({**HOME_SUBSIDY, "fact": "salary"}, "$.fact", "unknown_fact", None),
    ({**HOME_SUBSIDY, "fact": "score"}, "$.fact", "bad_value", "not_for_amount"),
    ({**HOME_SUBSIDY, "rows": {"phd": "1.00"}}, "$.rows.phd", "bad_value", "unknown_code"),
    ({**HOME_SUBSIDY, "rows": {"master": 1.5}}, "$.rows.master", "bad_value", "float"),
    ({**HOME_SUBSIDY, "rows": {}}, "$.rows", "bad_value", "empty"),
    ({**HOME_SUBSIDY, "default": "x"}, "$.default", "bad_value", "not_an_amount"),
    ({**PER_YEAR, "fact": "degree"}, "$.fact", "bad_value", "not_for_amount"),
    ({**HOME_SUBSIDY, "rows": {"none": "1.00"}}, "$.rows.none", "bad_value", "unknown_code"),
    ({**BY_TIER, "rows": {"F": "1.00"}}, "$.rows.F", "bad_value", "unknown_code"),
    ({**PER_YEAR, "per_unit": 1000.0}, "$.per_unit", "bad_value", "float"),
    ({k: v for k, v in PER_YEAR.items() if k != "cap"}, "$", "bad_shape", "missing_key"),
]


@pytest.mark.parametrize(("spec", "path", "code", "reason"), REFUSED)
def test_an_amount_is_refused_with_the_path_to_the_problem(spec, path, code, reason):
    assert (path, code, reason) in errors_of(spec)

"""A bad pack fails before anything runs, with one message naming file, place and problem."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from tiny_world import EXAMPLE_PACK

from kuzet.typologies import PackError, parse_overrides, parse_pack, read_pack, validate_pack

HIT = (
    "SELECT 'account' AS subject_type, dst_account_id AS subject_id, min(ts) AS window_start, "
    "max(ts) AS window_end, 1.0 AS score, {'n': count(*)} AS metrics, list(txn_id) AS evidence "
    "FROM transactions GROUP BY dst_account_id"
)


def _pack(indicator_sql: str = HIT, **indicator: object) -> dict[str, object]:
    ind = {
        "id": "MULE-01",
        "title": {"kk": "к", "ru": "р", "en": "e"},
        "subject": "account",
        "sql": indicator_sql,
        **indicator,
    }
    return {
        "id": "test-pack",
        "issuer": "test",
        "version": "1",
        "effective_from": "2026-01-01",
        "indicators": [ind],
        "typologies": [
            {
                "id": "T",
                "family": "MULE",
                "title": {"kk": "к", "ru": "р", "en": "e"},
                "combine": "max",
                "threshold": 0.5,
                "indicators": [{"id": "MULE-01"}],
            }
        ],
    }


def _check(data: dict[str, object]) -> None:
    pack = parse_pack(yaml.safe_dump(data, allow_unicode=True), "pack.yaml")
    validate_pack(pack)


def _fails(data: dict[str, object], pattern: str) -> PackError:
    with pytest.raises(PackError) as info:
        _check(data)
    message = str(info.value)
    assert message.startswith("pack.yaml"), message
    assert re.search(pattern, message), message
    assert "\n" not in message
    return info.value


def test_the_example_pack_is_valid() -> None:
    pack = read_pack(EXAMPLE_PACK)
    assert list(pack.features) == ["account_day"]
    assert pack.indicators["TEST-01"].params["min_senders"].tunable


def test_a_good_pack_passes() -> None:
    _check(_pack())


@pytest.mark.parametrize(
    ("sql", "pattern"),
    [
        ("SELECT 1; SELECT 2", "exactly one statement"),
        ("DELETE FROM transactions", "must be a SELECT"),
        ("CREATE TABLE x AS SELECT 1", "must be a SELECT"),
        ("COPY transactions TO 'out.csv'", "must be a SELECT"),
        ("ATTACH 'other.db'", "must be a SELECT"),
        ("PRAGMA database_list", "must be a SELECT"),
        ("SELECT * INTO copy_of FROM transactions", "INTO is not allowed"),
        ("SELEC 1", "does not parse"),
    ],
)
def test_only_one_select(sql: str, pattern: str) -> None:
    err = _fails(_pack(sql), pattern)
    assert err.where == "indicator MULE-01"


@pytest.mark.parametrize(
    ("replacement", "pattern"),
    [
        ("read_parquet('/etc/*.parquet')", r"table function read_parquet\(\) is not allowed"),
        ("read_csv_auto('x.csv')", r"table function read_csv_auto\(\) is not allowed"),
        ("'/tmp/x.parquet'", "unknown table '/tmp/x.parquet'"),
        ("secrets", "unknown table 'secrets'"),
        ("main.transactions", "qualified table name"),
    ],
)
def test_only_canonical_and_feature_tables(replacement: str, pattern: str) -> None:
    _fails(_pack(HIT.replace("FROM transactions", f"FROM {replacement}")), pattern)


def test_features_and_ctes_are_visible() -> None:
    data = _pack(
        "WITH x AS (SELECT * FROM daily) "
        + HIT.replace("FROM transactions", "FROM x").replace("min(ts)", "min(day)")
    )
    data["features"] = [
        {"id": "daily", "sql": "SELECT *, CAST(ts AS DATE) AS day FROM transactions"}
    ]
    _check(data)


def test_reference_tables_are_visible() -> None:
    # units of quantity come with Kuzet; a pack reads them like a canonical table
    sql = HIT.replace(
        "FROM transactions",
        "FROM transactions JOIN units u ON u.unit = 'шт' AND u.dimension = 'count'",
    )
    _check(_pack(sql))


@pytest.mark.parametrize("name", ["transactions", "units", "alerts"])
def test_a_feature_may_not_shadow_a_table(name: str) -> None:
    data = _pack()
    data["features"] = [{"id": name, "sql": "SELECT 1 AS x"}]
    _fails(data, f"feature {name}: id '{name}' is already a table name")


@pytest.mark.parametrize(
    ("call", "pattern"),
    [
        ("getenv('HOME')", r"function getenv\(\) is not on the allow-list"),
        ("now()", r"function now\(\)"),
        ("random()", r"function rand\(\)"),
        ("current_date", r"function current_date\(\)"),
    ],
)
def test_only_allowed_functions(call: str, pattern: str) -> None:
    _fails(_pack(HIT.replace("1.0 AS score", f"{call} AS score")), pattern)


def test_parameters_must_be_declared() -> None:
    _fails(_pack(HIT + " HAVING count(*) >= $n"), r"parameter \$n is not declared")


def test_declared_parameters_must_be_used() -> None:
    data = _pack(params={"n": {"default": 3}})
    _fails(data, "parameter n is declared but the SQL never uses")


def test_parameters_are_written_with_a_dollar() -> None:
    data = _pack(HIT + " HAVING count(*) >= :n", params={"n": {"default": 3}})
    _fails(data, r"write parameters as \$n, not :n")


def test_positional_parameters_are_refused() -> None:
    _fails(_pack(HIT + " HAVING count(*) >= ?"), "positional parameters")


def test_run_window_parameters_need_no_declaration() -> None:
    _check(_pack(HIT.replace("GROUP BY", "WHERE ts >= $run_from AND ts < $run_to GROUP BY")))


def test_hit_columns_are_required() -> None:
    _fails(_pack(HIT.replace(", list(txn_id) AS evidence", "")), "missing evidence")
    _fails(_pack("SELECT * FROM transactions"), "name every output column")


@pytest.mark.parametrize(
    ("params", "pattern"),
    [
        ({"n": {"default": 1, "min": 2}}, "default 1 is below min 2"),
        ({"n": {"default": 9, "max": 5}}, "default 9 is above max 5"),
        ({"n": {"min": 2}}, "default is required"),
        ({"n": {"default": 2, "tunabel": True}}, "unknown key 'tunabel'"),
        ({"n": {"default": "x", "type": "integer"}}, "'x' is not a integer"),
        ({"run_from": {"default": 1}}, "reserved"),
    ],
)
def test_parameter_declarations(params: dict[str, object], pattern: str) -> None:
    data = _pack(HIT + " HAVING count(*) >= $n", params=params)
    _fails(data, pattern)


def test_structure_errors_name_the_line() -> None:
    text = Path(__file__).parents[1].joinpath("fixtures/packs/example.yaml").read_text("utf-8")
    broken = text.replace("subject: contract", "subject: spaceship")
    with pytest.raises(PackError) as info:
        parse_pack(broken, "example.yaml")
    line = broken.splitlines().index("  - id: TEST-05") + 1
    assert info.value.line == line
    assert "indicator TEST-05" in str(info.value) and "spaceship" in str(info.value)


def test_sql_errors_name_the_line_inside_the_pack(example_text: str) -> None:
    broken = example_text.replace(
        "list(txn_id) AS evidence\n      FROM transactions",
        "list(txn_id) AS evidence\n      FROM read_csv('x')",
    )
    with pytest.raises(PackError) as info:
        validate_pack(parse_pack(broken, "example.yaml"))
    lines = broken.splitlines()
    assert "read_csv" in lines[(info.value.line or 0) - 1]


@pytest.mark.parametrize(
    ("change", "pattern"),
    [
        ({"combine": "average"}, "combine must be one of"),
        ({"threshold": 1.5}, r"threshold must be in \(0, 1\]"),
        ({"family": "XYZ"}, "family must be one of"),
        ({"indicators": [{"id": "MULE-99"}]}, "'MULE-99' is not defined"),
        ({"indicators": [{"id": "MULE-01", "weight": 0.4}]}, "can never alert"),
    ],
)
def test_typology_rules(change: dict[str, object], pattern: str) -> None:
    data = _pack()
    data["typologies"][0].update(change)  # type: ignore[index]
    _fails(data, pattern)


def test_typology_members_must_share_a_subject() -> None:
    data = _pack()
    other = dict(data["indicators"][0], id="MULE-02", subject="person")  # type: ignore[index]
    other["sql"] = HIT.replace("'account'", "'person'")
    data["indicators"].append(other)  # type: ignore[attr-defined]
    data["typologies"][0]["indicators"].append({"id": "MULE-02"})  # type: ignore[index]
    _fails(data, "one subject type")


def test_feature_cycles_are_refused() -> None:
    data = _pack()
    data["features"] = [
        {"id": "a", "sql": "SELECT * FROM b"},
        {"id": "b", "sql": "SELECT * FROM a"},
    ]
    _fails(data, "cycle")


def test_pack_identity_rules() -> None:
    data = _pack()
    data["version"] = 2026.1
    _fails(data, "quoted string")
    data = _pack()
    data["id"] = "Bad Id"
    _fails(data, "id must be lower-case")


def test_overrides_only_for_tunable_parameters_within_bounds() -> None:
    pack = read_pack(EXAMPLE_PACK)
    assert parse_overrides(pack, ["TEST-01.min_senders=10"]) == {"TEST-01": {"min_senders": "10"}}
    for item, pattern in [
        ("TEST-01.min_senders=1", "below min 2"),
        ("TEST-01.min_senders=ten", "not a integer"),
        ("TEST-02.min_credits=5", "not tunable"),
        ("TEST-01.nope=1", "no parameter 'nope'"),
        ("NOPE-01.x=1", "no indicator NOPE-01"),
        ("TEST-01", "INDICATOR.param=value"),
    ]:
        with pytest.raises(PackError, match=pattern):
            parse_overrides(pack, [item])


@pytest.mark.parametrize(
    ("metric", "ok"),
    [
        ("list(txn_id)", False),
        ("array_distinct(list(dst_account_id))", False),
        ("array_sort(list(txn_id))", True),
        ("array_sort(array_distinct(list(dst_account_id)))", True),
        ("list(txn_id ORDER BY txn_id)", True),
        ("count(*)", True),
    ],
)
def test_lists_in_metrics_need_a_fixed_order(metric: str, ok: bool) -> None:
    """An unordered list in metrics would differ between two runs over the same data."""
    sql = HIT.replace("{'n': count(*)}", f"{{'n': count(*), 'ids': {metric}}}")
    if ok:
        _check(_pack(sql))
    else:
        _fails(_pack(sql), r"indicator MULE-01: metrics: .* has no fixed order.*array_sort")


def test_an_unordered_metric_list_names_its_line(example_text: str) -> None:
    broken = example_text.replace("{'payments': count(*),", "{'payments': list(txn_id),")
    assert broken != example_text
    with pytest.raises(PackError) as info:
        validate_pack(parse_pack(broken, "example.yaml"))
    lines = broken.splitlines()
    assert "{'payments': list(txn_id)" in lines[(info.value.line or 0) - 1], info.value


def test_lines_are_right_after_parameters(example_text: str) -> None:
    """sqlglot's own line numbers drift after a ``$name``; the error still names the line."""
    broken = example_text.replace(
        "{'turnover_kzt': sum(d.credits_kzt),", "{'turnover_kzt': read_csv('x'),", 1
    )
    assert broken != example_text
    with pytest.raises(PackError) as info:
        validate_pack(parse_pack(broken, "example.yaml"))
    lines = broken.splitlines()
    assert "read_csv" in lines[(info.value.line or 0) - 1], info.value


def test_every_union_branch_needs_ordered_metric_lists() -> None:
    """The second branch of a UNION gives metrics unnamed, in the same position."""
    ordered = HIT.replace("{'n': count(*)}", "{'n': count(*), 'ids': array_sort(list(txn_id))}")
    second = ordered.replace("array_sort(list(txn_id))", "list(txn_id)").replace(
        " AS subject_type", ""
    )
    _check(_pack(f"{ordered} UNION ALL {ordered}"))
    _fails(_pack(f"{ordered} UNION ALL {second}"), r"metrics: .* has no fixed order")

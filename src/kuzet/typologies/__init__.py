"""Typology packs: the format, loading and signatures, SQL validation and compilation, runs.

A pack is data (YAML, signed by the FMA); this room reads it, checks it with sqlglot before
anything runs, compiles it for an engine at the last moment and runs it through a
``kuzet.engine.Backend`` it is given. It never opens a database connection itself.
"""

from __future__ import annotations

from kuzet.typologies._alerts import (
    ALERTS_SCHEMA,
    ALERTS_TABLE,
    HITS_SCHEMA,
    HITS_TABLE,
    run_file_name,
    stable_id,
)
from kuzet.typologies._combine import combined_score
from kuzet.typologies._compile import (
    ALL_TIME,
    RunWindow,
    compile_feature,
    compile_indicator,
    feature_steps,
    parse_overrides,
    resolve_params,
)
from kuzet.typologies._evaluate import (
    Score,
    counted_runs,
    evaluate,
    runs_counted,
    window_key,
)
from kuzet.typologies._functions import allowed_names
from kuzet.typologies._loader import BUILTIN_PACKS, builtin_packs, load_pack, read_pack
from kuzet.typologies._model import (
    COMBINE_RULES,
    HIT_COLUMNS,
    PARAM_TYPES,
    RUN_PARAMETERS,
    SUBJECT_TYPES,
    Feature,
    Indicator,
    Member,
    Pack,
    PackError,
    Parameter,
    SignCode,
    Typology,
)
from kuzet.typologies._parse import parse_pack
from kuzet.typologies._runner import Failure, RunResult, explain_sql, indicator_tables, run_pack
from kuzet.typologies._signcodes import (
    SIGN_CODES_FILE,
    read_sign_codes,
    sign_code_table,
    with_sign_codes,
)
from kuzet.typologies._signing import (
    TRUSTED_KEYS_ENV,
    SignatureError,
    TrustStore,
    Verified,
    default_trust_dir,
    generate_keypair,
    key_id,
    sign_pack,
    signature_path,
    verify_pack,
)
from kuzet.typologies._validate import validate_pack

__all__ = [
    "ALERTS_SCHEMA",
    "ALERTS_TABLE",
    "ALL_TIME",
    "BUILTIN_PACKS",
    "COMBINE_RULES",
    "HITS_SCHEMA",
    "HITS_TABLE",
    "HIT_COLUMNS",
    "PARAM_TYPES",
    "RUN_PARAMETERS",
    "SIGN_CODES_FILE",
    "SUBJECT_TYPES",
    "TRUSTED_KEYS_ENV",
    "Failure",
    "Feature",
    "Indicator",
    "Member",
    "Pack",
    "PackError",
    "Parameter",
    "RunResult",
    "RunWindow",
    "Score",
    "SignCode",
    "SignatureError",
    "TrustStore",
    "Typology",
    "Verified",
    "allowed_names",
    "builtin_packs",
    "combined_score",
    "compile_feature",
    "compile_indicator",
    "counted_runs",
    "default_trust_dir",
    "evaluate",
    "explain_sql",
    "feature_steps",
    "generate_keypair",
    "indicator_tables",
    "key_id",
    "load_pack",
    "parse_overrides",
    "parse_pack",
    "read_pack",
    "read_sign_codes",
    "resolve_params",
    "run_file_name",
    "run_pack",
    "runs_counted",
    "sign_code_table",
    "sign_pack",
    "signature_path",
    "stable_id",
    "validate_pack",
    "verify_pack",
    "window_key",
    "with_sign_codes",
]

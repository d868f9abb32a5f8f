"""Model files in a workspace: ``DIR/_kuzet/models/<model id>/``.

Each model is a folder written under ``_kuzet/tmp`` and renamed into place (a reader never
sees half a model)::

    stage1.txt     LightGBM text model on the account's own features
    stage2.txt     LightGBM text model with the counterparties' risk added (two-stage only)
    links.txt      LightGBM text model judging counterparty links (two-stage, when trained)
    model.json     id, creation time, feature lists, training window, split cuts and counts,
                   threshold, metrics per part, typical (median) values, parameters,
                   data version, LightGBM version

Folders are never overwritten: a new training makes a new id. ``latest`` is the newest by
creation time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lightgbm as lgb
import pyarrow as pa
import pyarrow.parquet as pq

from kuzet.scoring._learn import TwoStageModel
from kuzet.workspace import PARQUET_OPTIONS, Workspace


class ModelError(Exception):
    """A model cannot be found, read or used as asked."""


def models_dir(ws: Workspace) -> Path:
    return ws.meta_dir / "models"


@dataclass
class StoredModel:
    model: TwoStageModel
    meta: dict[str, Any]
    path: Path

    @property
    def model_id(self) -> str:
        return str(self.meta["model_id"])


def data_version(ws: Workspace, tables: tuple[str, ...] = ("transactions", "labels")) -> str:
    """16 hex digits over the names and sizes of the files behind ``tables``."""
    h = hashlib.sha256()
    for t in tables:
        for f in ws.files(t):
            h.update(f"{t}/{f.relative_to(ws.table_dir(t))}:{f.stat().st_size}\n".encode())
    return h.hexdigest()[:16]


def save_model(ws: Workspace, model: TwoStageModel, meta: dict[str, Any]) -> StoredModel:
    """Write a new model folder; ``meta`` gets ``model_id`` and ``created`` added."""
    created = dt.datetime.now(dt.UTC)
    text1 = model.stage1.model_to_string()
    text2 = model.stage2.model_to_string() if model.stage2 is not None else ""
    text3 = model.links.model_to_string() if model.links is not None else ""
    digest = hashlib.sha256((text1 + text2 + text3).encode()).hexdigest()[:8]
    model_id = f"m{created:%Y%m%dT%H%M%S}-{digest}"
    full = {
        "model_id": model_id,
        "created": created.isoformat(timespec="seconds"),
        "kind": "two_stage_lightgbm" if model.stage2 is not None else "lightgbm",
        "lightgbm_version": lgb.__version__,
        "base_features": list(model.base),
        "neighbour_features": list(model.neighbour),
        "threshold": model.threshold,
        **meta,
    }
    dest = models_dir(ws) / model_id
    if dest.exists():
        raise ModelError(f"{dest} exists already")
    tmp = ws.staged_path("")
    tmp.mkdir(parents=True)
    try:
        (tmp / "stage1.txt").write_text(text1, "utf-8")
        if text2:
            (tmp / "stage2.txt").write_text(text2, "utf-8")
        if text3:
            (tmp / "links.txt").write_text(text3, "utf-8")
        (tmp / "model.json").write_text(
            json.dumps(full, indent=1, ensure_ascii=False, default=str), "utf-8"
        )
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, dest)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    return StoredModel(model, full, dest)


def list_models(ws: Workspace) -> list[dict[str, Any]]:
    """Every stored model's metadata, oldest first."""
    d = models_dir(ws)
    metas = []
    for f in sorted(d.glob("*/model.json")) if d.is_dir() else []:
        try:
            metas.append(json.loads(f.read_text("utf-8")))
        except (OSError, ValueError) as e:
            raise ModelError(f"{f}: cannot read model metadata: {e}") from None
    return sorted(metas, key=lambda m: (str(m.get("created")), str(m.get("model_id"))))


def load_model(ws: Workspace, model_id: str | None = None) -> StoredModel:
    """A stored model by id, or the newest one."""
    if model_id is None:
        models = list_models(ws)
        if not models:
            raise ModelError(f"{ws.root} holds no model: run kuzet model train first")
        model_id = str(models[-1]["model_id"])
    path = models_dir(ws) / model_id
    if not (path / "model.json").is_file():
        known = ", ".join(str(m["model_id"]) for m in list_models(ws)) or "none"
        raise ModelError(f"no model {model_id!r} in {models_dir(ws)} (models: {known})")
    meta = json.loads((path / "model.json").read_text("utf-8"))
    stage1 = lgb.Booster(model_str=(path / "stage1.txt").read_text("utf-8"))
    s2 = path / "stage2.txt"
    stage2 = lgb.Booster(model_str=s2.read_text("utf-8")) if s2.is_file() else None
    s3 = path / "links.txt"
    links = lgb.Booster(model_str=s3.read_text("utf-8")) if s3.is_file() else None
    model = TwoStageModel(
        tuple(meta["base_features"]),
        stage1,
        stage2,
        float(meta["threshold"]),
        tuple(meta.get("neighbour_features", ())),
        links,
    )
    return StoredModel(model, meta, path)


def write_model_table(ws: Workspace, table_name: str, model_id: str, table: pa.Table) -> None:
    """Write (or replace) one model's file of a per-model table (scores), atomically."""
    dest_dir = ws.table_dir(table_name)
    dest_dir.mkdir(parents=True, exist_ok=True)
    tmp = ws.staged_path()
    try:
        pq.write_table(table, tmp, **PARQUET_OPTIONS)
        os.replace(tmp, dest_dir / f"{model_id}.parquet")
    finally:
        tmp.unlink(missing_ok=True)

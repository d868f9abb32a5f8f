"""Threads that keep both cores busy: one reads the next batch, two write Parquet.

pyarrow releases the GIL while it parses, decodes, encodes and compresses, so reading batch
k+1 and writing batch k-1 overlap the checks of batch k in the main thread. Output goes to a
fixed number of staged files per input (one per writer thread, batches as row groups), so a
large input gives a few large files rather than many small ones.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from queue import Empty, Queue
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from kuzet.workspace import layout_options

WRITERS = 2
_DONE = None


def prefetch(batches: Iterator[pa.RecordBatch], depth: int = 2) -> Iterator[pa.RecordBatch]:
    """Yield ``batches`` while a thread reads ahead; its errors are raised here."""
    queue: Queue[pa.RecordBatch | BaseException | None] = Queue(maxsize=depth)
    stop = threading.Event()

    def read() -> None:
        try:
            for b in batches:
                if stop.is_set():
                    return
                queue.put(b)
            queue.put(_DONE)
        except BaseException as exc:  # handed to the consumer, which raises it
            queue.put(exc)

    reader = threading.Thread(target=read, name="kuzet-ingest-read", daemon=True)
    reader.start()
    try:
        while (item := queue.get()) is not _DONE:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while reader.is_alive():  # unblock a reader waiting on a full queue
            try:
                queue.get_nowait()
            except Empty:
                reader.join(timeout=0.05)


class ParquetStreams:
    """Write tables of one schema into ``WRITERS`` staged Parquet files, in threads.

    ``stage(name)`` returns a fresh staged path and records where it is to be published; a
    file is opened only when its first rows arrive, so no rows means no file.
    """

    def __init__(self, schema: pa.Schema, stage: Callable[[int], Path]) -> None:
        self._schema = schema
        # rows stay in arrival order (``kuzet workspace compact`` sorts them later): the
        # shared layout without the clustering columns' statistics
        self._options: dict[str, Any] = layout_options(None, schema)
        self._stage = stage
        self._queues: list[Queue[pa.Table | None]] = [Queue(maxsize=2) for _ in range(WRITERS)]
        self._errors: list[BaseException] = []
        self._next = 0
        self._threads = [
            threading.Thread(target=self._run, args=(k,), name=f"kuzet-ingest-write-{k}")
            for k in range(WRITERS)
        ]
        for t in self._threads:
            t.start()

    def _run(self, k: int) -> None:
        writer: pq.ParquetWriter | None = None
        queue = self._queues[k]
        try:
            while (table := queue.get()) is not None:
                if self._errors:
                    continue  # keep draining so that the producer never blocks
                if writer is None:
                    writer = pq.ParquetWriter(self._stage(k), self._schema, **self._options)
                writer.write_table(table, row_group_size=max(table.num_rows, 1))
        except BaseException as exc:  # raised again by close()
            self._errors.append(exc)
            while queue.get() is not None:
                pass
        finally:
            if writer is not None:
                writer.close()

    def write(self, table: pa.Table) -> None:
        if self._errors:
            raise self._errors[0]
        if table.num_rows:
            self._queues[self._next].put(table)
            self._next = (self._next + 1) % WRITERS

    def close(self) -> None:
        """Finish every file; raises the first error a writer met."""
        for q in self._queues:
            q.put(None)
        for t in self._threads:
            t.join()
        if self._errors:
            raise self._errors[0]

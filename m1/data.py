"""Stream an emitted mix (Parquet shards, schemas/mix.py) as packed training sequences.

Documents are read in shard and row order (the mix stage already shuffled and repeated them),
dealt to ranks round-robin (document i goes to rank i % world_size), tokenised, ended with `</s>`
and concatenated; every `seq_len` tokens make one sequence. `doc_ids` number the documents inside a
sequence, so the model restarts its convolution and masks attention at each boundary. The stream's
position (shard, row, the partial sequence in the buffer) is a small state dict: a run resumed from
a checkpoint continues with exactly the tokens it would have seen.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq
import torch

from m1.tokenizer import M1Tokenizer


@dataclass
class StreamState:
    shard: int = 0
    row: int = 0  # next row to read in that shard
    buffer: list[int] = field(default_factory=list)  # tokens waiting to fill a sequence
    buffer_docs: list[int] = field(default_factory=list)
    documents: int = 0  # documents dealt so far (all ranks), for the round-robin
    epoch: int = 0


class PackedMix:
    def __init__(self, mix_dir: str | Path, tokenizer: M1Tokenizer, seq_len: int, rank: int = 0, world_size: int = 1,
                 read_rows: int = 256, loop: bool = True):
        self.shards = sorted(Path(mix_dir).glob("part-*.parquet"))
        if not self.shards:
            raise FileNotFoundError(f"{mix_dir}: no part-*.parquet shards (is it a mix folder?)")
        if not 0 <= rank < world_size:
            raise ValueError(f"rank {rank} is outside world size {world_size}")
        self.tokenizer, self.seq_len, self.rank, self.world_size = tokenizer, seq_len, rank, world_size
        self.read_rows, self.loop = read_rows, loop
        self.state = StreamState()

    def state_dict(self) -> dict:
        return dict(self.state.__dict__, buffer=list(self.state.buffer), buffer_docs=list(self.state.buffer_docs))

    def load_state_dict(self, state: dict) -> None:
        self.state = StreamState(**state)

    def _documents(self) -> Iterator[str]:
        """This rank's texts from the current position on; advances the state as it goes."""
        s = self.state
        while True:
            while s.shard < len(self.shards):
                table = pq.read_table(self.shards[s.shard], columns=["text"])
                while s.row < table.num_rows:
                    texts = table.column("text").slice(s.row, self.read_rows).to_pylist()
                    for text in texts:
                        s.row += 1
                        s.documents += 1
                        if (s.documents - 1) % self.world_size == self.rank:
                            yield text
                s.shard += 1
                s.row = 0
            if not self.loop:
                return
            s.shard, s.epoch = 0, s.epoch + 1

    def __iter__(self) -> Iterator[dict[str, torch.Tensor]]:
        s = self.state
        next_doc = (s.buffer_docs[-1] + 1) if s.buffer_docs else 0
        for text in self._documents():
            ids = self.tokenizer.encode(text) + [self.tokenizer.eos_id]
            s.buffer.extend(ids)
            s.buffer_docs.extend([next_doc] * len(ids))
            next_doc += 1
            while len(s.buffer) >= self.seq_len:
                ids, docs = s.buffer[:self.seq_len], s.buffer_docs[:self.seq_len]
                s.buffer, s.buffer_docs = s.buffer[self.seq_len:], s.buffer_docs[self.seq_len:]
                first = docs[0]
                yield {"input_ids": torch.tensor(ids), "doc_ids": torch.tensor([d - first for d in docs])}

    def batches(self, batch_size: int) -> Iterator[dict[str, torch.Tensor]]:
        rows = []
        for row in self:
            rows.append(row)
            if len(rows) == batch_size:
                yield {k: torch.stack([r[k] for r in rows]) for k in rows[0]}
                rows = []

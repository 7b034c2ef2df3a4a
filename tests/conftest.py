"""Shared fixtures: one local Ray per test session, realistic bilingual documents, table builders."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pyarrow as pa
import pytest

from schemas.document import DOCUMENT_SCHEMA

REPO = Path(__file__).resolve().parents[1]
os.environ.setdefault("RAY_ENABLE_UV_RUN_RUNTIME_ENV", "0")

EN_SENTENCES = [
    "The patient was admitted to the hospital with chest pain that had lasted for three days.",
    "He has a long history of hypertension and type 2 diabetes, and he smokes a pack a day.",
    "An electrocardiogram showed ST elevation in the inferior leads, and troponin was raised.",
    "The cardiology team started aspirin, a statin and a beta blocker before the angiogram.",
    "Most cases of community-acquired pneumonia in adults respond well to oral antibiotics.",
    "The committee discussed the new budget and agreed to spend more on rural schools.",
    "Farmers in the valley planted wheat earlier this year because the spring was warm.",
    "The museum opened a new exhibition about the history of printing in the city.",
    "A simple proof shows that the sum of the first n odd numbers is equal to n squared.",
    "The team won the final after a long match that went to extra time and penalties.",
]
ZH_SENTENCES = [
    "患者男性，五十六岁，因反复胸痛三天来医院就诊。",
    "他有多年的高血压和糖尿病病史，平时每天吸烟一包。",
    "心电图提示下壁导联的ST段抬高，肌钙蛋白明显升高。",
    "医生建议他立即住院，并且完善冠状动脉造影的检查。",
    "这是一种常见的疾病，但是如果不及时治疗，后果会很严重。",
    "今年春天气温回升得早，山谷里的农民提前种下了小麦。",
    "博物馆新开了一个展览，介绍了这座城市印刷术的历史。",
    "委员会讨论了新的预算，同意在农村学校上投入更多的资金。",
    "这场决赛打得非常艰难，两支球队一直踢到了点球大战。",
    "一个简单的证明表明，前n个奇数的和等于n的平方。",
]


def make_text(lang: str, n: int = 8, seed: int = 0) -> str:
    rng = random.Random(seed)
    bank = EN_SENTENCES if lang == "en" else ZH_SENTENCES
    joiner = " " if lang == "en" else ""
    return joiner.join(rng.sample(bank, min(n, len(bank))))


def documents(texts: list[str], ids: list[str] | None = None, source: str = "test", **extra) -> pa.Table:
    n = len(texts)
    columns = {
        "id": ids or [f"{source}:{i}" for i in range(n)],
        "text": texts,
        "source": [source] * n,
        "lang": [None] * n,
        "meta": [None] * n,
    }
    table = pa.table(columns, schema=DOCUMENT_SCHEMA)
    for name, values in extra.items():
        table = table.append_column(name, pa.array(values))
    return table


def start_local_ray() -> None:
    import ray

    if not ray.is_initialized():
        ray.init(num_cpus=2, object_store_memory=200 * 2**20, include_dashboard=False, configure_logging=False)


@pytest.fixture(scope="session")
def ray_local():
    """A local Ray for the whole session: ray.init costs 4-5 s here (ENVIRONMENT.md)."""
    import ray

    start_local_ray()
    yield ray
    ray.shutdown()


@pytest.fixture(scope="session")
def default_models():
    """The bootstrapped default classifiers (built once per checkout: `make models`)."""
    from classifiers.models import ensure_default_models

    return ensure_default_models()

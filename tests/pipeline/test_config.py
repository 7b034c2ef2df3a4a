import pytest

from pipeline.config import ConfigError, load_run_config, parse_run_config
from tests.conftest import REPO


def base(**over):
    config = {"sources": [{"name": "a", "path": str(REPO / "pyproject.toml"), "format": "jsonl"}]}
    config.update(over)
    return config


@pytest.mark.parametrize("config,message", [
    ({"run": {"nmae": "x"}}, "config: run.nmae: Extra inputs are not permitted"),
    ({"run": {"executor": "spark"}}, "run.executor"),
    ({"stages": {"filter": {"langid": {"languagess": ["zh"]}}}}, "stages.filter.langid.languagess"),
    ({"stages": {"filter": {"rules": {"gopher_min_wordz": {"min": 3}}}}}, "gopher_min_wordz"),
    ({"stages": {"upsample": {"repeat": {"max_epochs": -1}}}}, "stages.upsample.repeat.max_epochs"),
    ({"pipeline": ["filter", "ingest"]}, "DAG order"),
    ({"pipeline": ["ingest", "fuzzy"]}, "unknown stage 'fuzzy'"),
    ({"pipeline": ["ingest", "filter"], "stages": {"dedup": {}}}, "stages.dedup: configured but not in pipeline"),
    ({"stages": {"dedup": {"threshhold": 0.7}}}, "stages.dedup.threshhold"),
    ({"stages": {"dedup": {"bands": 20}}}, "give both bands and rows"),
    ({"mixes": ["configs/mixes/nope.yaml"]}, "nope.yaml does not exist"),
    ({"mixes": [{"name": "m", "curriculum_stage": 1, "targets": {"a": 2}}]}, "sum"),
    ({"sources": [{"name": "a"}]}, "give exactly one of path or hf_name"),
])
def test_bad_keys_give_one_line_errors_naming_the_key(config, message):
    with pytest.raises(ConfigError) as error:
        parse_run_config(base(**config))
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_bad_yaml_and_missing_file(tmp_path):
    (tmp_path / "bad.yaml").write_text("run: [unclosed", encoding="utf-8")
    with pytest.raises(ConfigError, match="bad.yaml: not valid YAML"):
        load_run_config(tmp_path / "bad.yaml")
    with pytest.raises(ConfigError, match="does not exist"):
        load_run_config(tmp_path / "missing.yaml")


def test_demo_config_is_valid():
    config = load_run_config(REPO / "configs/demo.yaml")
    assert config.pipeline == ["ingest", "filter", "exact_dedup", "dedup", "classify", "upsample", "synth", "mix"]
    assert len(config.stage_config("mix").policies) == 3

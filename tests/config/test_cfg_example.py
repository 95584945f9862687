"""The product contract's example loads, with canonical values and platform syntax intact."""

from __future__ import annotations

from pathlib import Path

import pytest
from cfg_helpers import EXAMPLE, Write
from pydantic import ValidationError

from reconciler.config import Config, TargetConfig, load_config
from reconciler.kinds.reactions import ReactionsScheduleConfig
from reconciler.kinds.repost import RepostScheduleConfig

PRODUCT_MD = Path("/work/shared/docs/product.md")


def test_product_example_loads(write: Write) -> None:
    config = load_config(write(EXAMPLE))
    assert isinstance(config, Config)
    assert config.version == 1
    assert config.captions[0].title == "summer-promo"
    assert config.captions[0].caption == "{Hot|Sunny} deals all week"
    assert config.prune.captions is False
    account = config.accounts[0]
    assert account.username == "brand_one"
    assert account.password == "${env:BRAND_ONE_PASSWORD}"  # not resolved by loading
    assert account.proxy == "socks5://user:pass@10.0.0.1:1080"
    assert isinstance(account.repost, RepostScheduleConfig)
    assert account.repost.active is True
    assert account.repost.settings == {
        "speed": "medium",
        "daily_pause": True,
        "daily_pause_from": "23:00",
        "daily_pause_to": "07:00",
        "caption": "{{original_caption}}",
    }
    assert account.repost.targets == [
        TargetConfig(type="hashtag", value="nature"),
        TargetConfig(type="location", value="paris", id="213385402"),
    ]
    assert isinstance(account.reactions, ReactionsScheduleConfig)
    assert account.reactions.settings == {"is_likes": True, "likes_speed": 3}
    assert list(account.blocks()) == ["repost", "reactions"]
    assert type(account.blocks()["repost"]) is RepostScheduleConfig


@pytest.mark.skipif(not PRODUCT_MD.exists(), reason="shared docs not present")
def test_example_in_product_md_loads(write: Write) -> None:
    text = PRODUCT_MD.read_text(encoding="utf-8")
    block = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    assert load_config(write(block)).accounts[0].username == "brand_one"


def test_omitted_means_unmanaged(write: Write) -> None:
    config = load_config(write("version: 1\naccounts:\n  - username: a\n    repost: {}\n"))
    account = config.accounts[0]
    assert account.password is None and account.proxy is None and account.reactions is None
    assert account.repost is not None
    assert (account.repost.active, account.repost.settings, account.repost.targets) == (
        None,
        None,
        None,
    )
    assert account.blocks() == {"repost": account.repost}


def test_targets_are_hashable_and_config_frozen(write: Write) -> None:
    config = load_config(write(EXAMPLE))
    repost = config.accounts[0].repost
    assert repost is not None and repost.targets is not None
    assert len({*repost.targets, *repost.targets}) == 2
    with pytest.raises(ValidationError, match="frozen"):
        config.version = 1  # type: ignore[misc]


def test_canonical_settings_forms(write: Write) -> None:
    config = load_config(
        write(
            """\
            version: 1
            accounts:
              - username: a
                repost:
                  settings: {daily_pause_from: "7:00", daily_pause_to: "08:30:00"}
                reactions:
                  settings:
                    massvoting_interval: 3
                    like_stories_interval: 2.5
                    expiration_date: 2030-01-02 03:04:05
                    verified_filter: 2
            """
        )
    )
    repost, reactions = config.accounts[0].repost, config.accounts[0].reactions
    assert repost is not None and reactions is not None
    assert repost.settings == {"daily_pause_from": "07:00", "daily_pause_to": "08:30"}
    assert reactions.settings is not None
    assert reactions.settings["massvoting_interval"] == 3.0
    assert type(reactions.settings["massvoting_interval"]) is float
    assert reactions.settings["like_stories_interval"] == 2.5
    assert reactions.settings["expiration_date"] == "2030-01-02 03:04:05"
    assert type(reactions.settings["verified_filter"]) is int


def test_platform_syntax_passes_through(write: Write) -> None:
    config = load_config(
        write(
            """\
            version: 1
            captions:
              - {title: a, caption: "{Hot|Sunny} {#x|#y} {{original_caption}} only ${5|10}"}
              - {title: b, caption: "literal $${env:NOT_A_REF} stays as written"}
            """
        )
    )
    assert config.captions[0].caption == "{Hot|Sunny} {#x|#y} {{original_caption}} only ${5|10}"
    assert config.captions[1].caption == "literal $${env:NOT_A_REF} stays as written"


def test_yaml_int_id_becomes_string_and_guide_types_accepted(write: Write) -> None:
    config = load_config(
        write(
            """\
            version: 1
            accounts:
              - username: a
                reactions:
                  targets:
                    - {type: location, value: paris, id: 213385402}
                    - {type: explore}
            """
        )
    )
    targets = config.accounts[0].reactions.targets  # type: ignore[union-attr]
    assert targets == [
        TargetConfig(type="location", value="paris", id="213385402"),
        TargetConfig(type="explore", value=""),
    ]


def test_null_lists_mean_empty_and_password_not_in_repr(write: Write) -> None:
    config = load_config(
        write("version: 1\ncaptions:\naccounts:\n  - {username: a, password: '${env:HUNTER2}'}\n")
    )
    assert config.captions == []
    assert "HUNTER2" not in repr(config)

"""Several problems in one file come back together in one ConfigError, in source order."""

from __future__ import annotations

from cfg_helpers import Errors, where


def test_four_problems_exactly(errors: Errors) -> None:
    found = errors(
        """\
        version: 1
        accounts:
          - username: brand_one
            repost:
              settings:
                speeed: fast
                daily_pause_from: "25:00"
              targets:
                - {type: hashtagg, value: nature}
                - type: location
                  value: paris
        """
    )
    assert [(where(d), d.message) for d in found] == [
        (
            (6, 9, "accounts[0].repost.settings.speeed"),
            "unknown field 'speeed' (did you mean 'speed'?)",
        ),
        (
            (7, 27, "accounts[0].repost.settings.daily_pause_from"),
            "expected a time of day \"HH:MM\" from 00:00 to 23:59, got '25:00'",
        ),
        (
            (9, 18, "accounts[0].repost.targets[0].type"),
            "unknown repost target type 'hashtagg' (did you mean 'hashtag'?)",
        ),
        (
            (10, 11, "accounts[0].repost.targets[1].id"),
            "target type 'location' requires an 'id' (the numeric platform id)",
        ),
    ]
    assert all(d.file.endswith("strec.yaml") for d in found)

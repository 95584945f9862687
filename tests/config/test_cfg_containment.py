"""A config reads only inside its directory: `${file:}` references (relative to the file
that names them), config and vars files; never the API key's variables or file; the
`--allow-outside-files` flag lifts the directory rule, not the API key rule."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cfg_helpers import Errors, Write, only, where
from click.testing import CliRunner

from reconciler.cli import main
from reconciler.config import RefError, file_refs, load_config, load_expanded, resolve_refs
from reconciler.errors import ConfigError
from reconciler.pipeline import load_desired

HEAD = "version: 1\ncaptions:\n"
ALLOW = "pass --allow-outside-files to allow it"


def _caption(value: str) -> str:
    return HEAD + f'  - {{title: t, caption: "{value}"}}\n'


# the API key's variables -------------------------------------------------------------


@pytest.mark.parametrize("name", ["STREC_API_KEY", "STREC_API_KEY_FILE", "strec_api_key"])
def test_api_key_variables_cannot_be_referenced(errors: Errors, name: str) -> None:
    d = only(errors(_caption(f"key: ${{env:{name}}}")))
    assert where(d) == (3, 25, "captions[0].caption")
    assert d.message == (
        f"${{env:{name}}} at character 6 may not be referenced: the API key never goes into "
        "a config value (strec reads it from the environment itself)"
    )


def test_resolve_refs_refuses_them_too() -> None:
    with pytest.raises(RefError, match="may not be referenced"):
        resolve_refs("${env:STREC_API_KEY}", env={"STREC_API_KEY": "sht_" + "0" * 64})


def test_resolve_refs_never_reads_the_key_file(tmp_path: Path) -> None:
    key = tmp_path / "key"
    key.write_text("sht_" + "a" * 64, encoding="utf-8")
    os.symlink(key, tmp_path / "innocent.txt")
    with pytest.raises(RefError) as info:
        resolve_refs(
            "${file:innocent.txt}",
            env={"STREC_API_KEY_FILE": str(key)},
            base_dir=tmp_path,
            allow_outside=True,
        )
    assert "is the API key file (STREC_API_KEY_FILE)" in info.value.problem
    assert "sht_" not in str(info.value)


# ${file:} at validate time -------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "reason"),
    [
        ("/etc/hostname", "is an absolute path"),
        ("~/.ssh/id_rsa", "is an absolute path"),
        ("../outside.txt", "leads out of the config directory with '..'"),
        ("sub/../../outside.txt", "leads out of the config directory with '..'"),
        ("link/secret.txt", "leads out of the config directory through a symbolic link"),
    ],
)
def test_file_reference_out_of_the_directory(
    tmp_path: Path, write: Write, ref: str, reason: str
) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.txt").write_text("s", encoding="utf-8")
    os.symlink(outside, tmp_path / "link")
    path = write(_caption(f"${{file:{ref}}}"))
    with pytest.raises(ConfigError) as info:
        load_config(path)
    d = only(info.value.diagnostics)
    assert where(d) == (3, 25, "captions[0].caption")
    assert d.message == f"${{file:{ref}}} {reason}; {ALLOW}"
    assert load_config(path, allow_outside_files=True).captions[0].caption.startswith("${file:")


def test_file_reference_inside_the_directory(write: Write) -> None:
    path = write(_caption("${file:texts/promo.txt} and ${file:./texts/../a.txt}"))
    assert load_config(path).captions[0].caption.startswith("${file:texts/promo.txt}")


# resolve_refs with a root ----------------------------------------------------------------


def test_resolve_refs_holds_root(tmp_path: Path) -> None:
    root = tmp_path / "cfg"
    (root / "texts").mkdir(parents=True)
    (root / "texts" / "a.txt").write_text("inside\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("outside", encoding="utf-8")
    assert resolve_refs("${file:texts/a.txt}", base_dir=root, root=root) == "inside"
    with pytest.raises(RefError, match=r"\$\{file:../b.txt\} leads out of the config"):
        resolve_refs("${file:../b.txt}", base_dir=root, root=root)
    assert resolve_refs("${file:../b.txt}", base_dir=root, root=root, allow_outside=True) == (
        "outside"
    )
    # no root: the caller has no config directory to hold (documented)
    assert resolve_refs("${file:../b.txt}", base_dir=root) == "outside"


def test_resolve_refs_caps_the_file_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(file_refs, "MAX_REF_FILE_BYTES", 10)
    (tmp_path / "big.txt").write_text("x" * 11, encoding="utf-8")
    with pytest.raises(RefError) as info:
        resolve_refs("${file:big.txt}", base_dir=tmp_path, root=tmp_path)
    assert info.value.problem == (
        "cannot read ${file:big.txt}: it is larger than 10 bytes (the cap on a ${file:} file)"
    )


# config and vars files that are links out -----------------------------------------------


def test_config_and_vars_files_linked_out_are_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "more.yaml").write_text("captions: [{title: x, caption: y}]\n", encoding="utf-8")
    (outside / "v.yaml").write_text("a: 1\n", encoding="utf-8")
    config = tmp_path / "cfg"
    (config / "vars").mkdir(parents=True)
    (config / "main.yaml").write_text("version: 1\n", encoding="utf-8")
    os.symlink(outside / "more.yaml", config / "more.yaml")
    os.symlink(outside / "v.yaml", config / "vars" / "v.yaml")
    with pytest.raises(ConfigError) as info:
        load_config(config)
    assert [(Path(d.file).name, d.line, d.message) for d in info.value.diagnostics] == [
        (
            "more.yaml",
            1,
            f"this config file is a symbolic link out of the config directory; {ALLOW}",
        ),
        ("v.yaml", 1, f"this vars file is a symbolic link out of the config directory; {ALLOW}"),
    ]
    assert load_config(config, allow_outside_files=True).captions[0].title == "x"


def test_a_link_inside_the_directory_is_fine(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.yaml").write_text("version: 1\n", encoding="utf-8")
    os.symlink(tmp_path / "real" / "a.yaml", tmp_path / "a.yaml")
    assert load_config(tmp_path).version == 1


# what LoadedConfig gives the resolver ----------------------------------------------------


def test_loaded_config_positions_and_files(tmp_path: Path, write: Write) -> None:
    write("version: 1\ndefaults:\n  proxy: socks5://u:${file:pw.txt}@10.0.0.1:1080\n", "a.yaml")
    write(
        "accounts:\n{% for n in ['x', 'y'] %}\n  - username: {{ n }}\n{% endfor %}\n",
        "b.yaml.j2",
    )
    write("pw\n", "pw.txt")
    loaded = load_expanded(tmp_path)
    assert loaded.root == tmp_path and not loaded.allow_outside_files
    proxy = ("accounts", 1, "proxy")
    assert loaded.file_of(proxy) == tmp_path / "a.yaml"
    assert loaded.position(proxy) == (str(tmp_path / "a.yaml"), 3, 10)
    assert loaded.position(("accounts", 1, "username")) == (str(tmp_path / "b.yaml.j2"), 3, 15)
    assert loaded.file_of(("accounts", 1, "username")) == tmp_path / "b.yaml.j2"
    assert loaded.resolve(loaded.data["accounts"][1]["proxy"], proxy) == (
        "socks5://u:pw@10.0.0.1:1080"
    )


def test_loaded_config_resolve_positions_its_errors(tmp_path: Path, write: Write) -> None:
    write("version: 1\ncaptions:\n  - {title: t, caption: '${env:NOPE_X}'}\n")
    loaded = load_expanded(tmp_path)
    with pytest.raises(RefError) as info:
        loaded.resolve("${env:NOPE_X}", ("captions", 0, "caption"), env={})
    d = only(info.value.diagnostics)
    assert (d.file, d.line, d.col, d.path) == (
        str(tmp_path / "strec.yaml"),
        3,
        25,
        "captions[0].caption",
    )


# the flag on the command line ------------------------------------------------------------


def test_validate_flag(tmp_path: Path, write: Write) -> None:
    (tmp_path.parent / "out.txt").write_text("x", encoding="utf-8")
    path = write(_caption("${file:../out.txt}"))
    refused = CliRunner().invoke(main, ["validate", "-f", str(path)])
    assert refused.exit_code == 1 and ALLOW in refused.output
    allowed = CliRunner().invoke(main, ["validate", "--allow-outside-files", "-f", str(path)])
    assert allowed.exit_code == 0, allowed.output


def test_load_desired_takes_the_flag(tmp_path: Path, write: Write) -> None:
    (tmp_path.parent / "cap.txt").write_text("from outside", encoding="utf-8")
    path = write(_caption(f"${{file:{tmp_path.parent / 'cap.txt'}}}"))
    with pytest.raises(ConfigError):
        load_desired(path, env={})
    state = load_desired(path, env={}, allow_outside_files=True)
    from reconciler.kinds.caption import library

    assert [c.caption for c in library(state).captions["t"]] == ["from outside"]


def test_a_directory_of_only_links_out_is_reported_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "outside.yaml").write_text("version: 1\n", encoding="utf-8")
    config = tmp_path / "cfg"
    config.mkdir()
    os.symlink(tmp_path / "outside.yaml", config / "a.yaml")
    with pytest.raises(ConfigError) as info:
        load_config(config)
    d = only(info.value.diagnostics)
    assert d.message.startswith("this config file is a symbolic link out of the config directory")


def test_a_config_file_link_out_does_not_stop_templates_rendering(tmp_path: Path) -> None:
    (tmp_path / "outside.yaml").write_text("captions: []\n", encoding="utf-8")
    config = tmp_path / "cfg"
    config.mkdir()
    os.symlink(tmp_path / "outside.yaml", config / "b.yaml")
    (config / "a.yaml.j2").write_text("version: 1\nprune: {captions: {{ 1 }}}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(config)
    # the template was rendered and checked: its own problem is reported too
    assert [Path(d.file).name for d in info.value.diagnostics] == ["a.yaml.j2", "b.yaml"]

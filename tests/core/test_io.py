"""FileAccessProvider over fsspec: real local files, memory://, and s3:// on a loopback server."""

from __future__ import annotations

from pathlib import Path

import pytest

from flytecheck.core.exceptions import FlyteDownloadDataException, FlyteUploadDataException
from flytecheck.core.io import FileAccessProvider


@pytest.fixture
def fa(tmp_path: Path) -> FileAccessProvider:
    return FileAccessProvider(tmp_path / "sandbox", str(tmp_path / "raw"))


def test_random_paths_are_fresh_and_under_their_roots(
    fa: FileAccessProvider, tmp_path: Path
) -> None:
    """Random local paths sit in the sandbox, remote ones under the raw prefix, each apart."""
    a, b = fa.get_random_local_path("x.csv"), fa.get_random_local_path("x.csv")
    assert a != b
    assert a.startswith(str(tmp_path / "sandbox"))
    assert a.endswith("/x.csv")
    remote = fa.get_random_remote_path("x.csv")
    assert remote.startswith(str(tmp_path / "raw") + "/")
    assert Path(fa.get_random_local_directory()).is_dir()


def test_put_and_get_files_and_directories(fa: FileAccessProvider, tmp_path: Path) -> None:
    """Files and directories go up and come back byte for byte."""
    src = tmp_path / "src"
    (src / "nested").mkdir(parents=True)
    (src / "nested" / "n.txt").write_text("deep")
    (src / "top.txt").write_text("top")
    remote_dir = fa.upload_to_raw_output(str(src), recursive=True)
    back = Path(fa.get(remote_dir, str(tmp_path / "back"), recursive=True))
    assert (back / "nested" / "n.txt").read_text() == "deep"
    remote_file = fa.upload_to_raw_output(str(src / "top.txt"))
    assert fa.read_bytes(remote_file) == b"top"
    assert fa.exists(remote_file)


def test_atomic_writes_replace_whole_files(fa: FileAccessProvider, tmp_path: Path) -> None:
    """An atomic write leaves the new content and no temporary files."""
    target = tmp_path / "out" / "outputs.pb"
    fa.write_bytes_atomically(str(target), b"first")
    fa.write_bytes_atomically(str(target), b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in target.parent.iterdir()] == ["outputs.pb"]


def test_memory_protocol(fa: FileAccessProvider) -> None:
    """Any fsspec protocol works, memory:// included."""
    fa.write_bytes_atomically("memory://flytecheck-test/out/outputs.pb", b"abc")
    assert fa.read_bytes("memory://flytecheck-test/out/outputs.pb") == b"abc"


def test_unreadable_uris_name_the_uri(fa: FileAccessProvider, tmp_path: Path) -> None:
    """A missing file is a download error naming the URI."""
    with pytest.raises(FlyteDownloadDataException, match=r"nowhere/inputs\.pb: cannot be read"):
        fa.read_bytes(str(tmp_path / "nowhere" / "inputs.pb"))
    with pytest.raises(FlyteDownloadDataException, match=r"memory://nothing/here: no such file"):
        fa.read_bytes("memory://nothing/here")
    with pytest.raises(FlyteDownloadDataException, match="cannot be downloaded"):
        fa.get(str(tmp_path / "missing"), str(tmp_path / "copy"))


def test_unwritable_uris_name_the_uri(fa: FileAccessProvider, tmp_path: Path) -> None:
    """A place that cannot be written is an upload error naming it."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(FlyteUploadDataException, match=r"file/sub/outputs\.pb: cannot be written"):
        fa.write_bytes_atomically(str(blocker / "sub" / "outputs.pb"), b"x")
    with pytest.raises(FlyteUploadDataException, match="cannot be uploaded"):
        fa.put(str(tmp_path / "missing"), str(tmp_path / "raw" / "x"))


def test_an_unknown_protocol_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A raw output prefix with a protocol fsspec does not know says which, at once; a missing
    optional filesystem names the extra that installs it."""
    import fsspec

    with pytest.raises(FlyteUploadDataException, match=r"no filesystem for protocol 'nosuch'"):
        FileAccessProvider(tmp_path, "nosuch://bucket/raw")
    assert FileAccessProvider(tmp_path, "gs://bucket/raw").raw_output_prefix == "gs://bucket/raw"

    def without_gcsfs(protocol: str) -> type:
        raise ImportError("Install gcsfs to access Google Storage")

    monkeypatch.setattr(fsspec, "get_filesystem_class", without_gcsfs)
    with pytest.raises(FlyteUploadDataException, match=r"pip install 'flytecheck\[gcs\]'"):
        FileAccessProvider(tmp_path, "gs://bucket/raw")


def test_s3_round_trip(s3_bucket: str, tmp_path: Path) -> None:
    """s3:// goes through s3fs to a real S3 server: files, directories, atomic documents."""
    fa = FileAccessProvider(tmp_path / "sandbox", f"{s3_bucket}/raw")
    src = tmp_path / "dir"
    src.mkdir()
    (src / "a.txt").write_text("alpha")
    (src / "b.txt").write_text("beta")
    remote_dir = fa.upload_to_raw_output(str(src), recursive=True)
    assert remote_dir.startswith(f"{s3_bucket}/raw/")
    back = Path(fa.get(remote_dir, str(tmp_path / "back"), recursive=True))
    assert sorted(p.name for p in back.iterdir()) == ["a.txt", "b.txt"]
    fa.write_bytes_atomically(f"{s3_bucket}/out/outputs.pb", b"payload")
    assert fa.read_bytes(f"{s3_bucket}/out/outputs.pb") == b"payload"
    with pytest.raises(FlyteDownloadDataException, match=f"{s3_bucket}/out/none.pb: no such file"):
        fa.read_bytes(f"{s3_bucket}/out/none.pb")

"""HTTP done properly: gzip when asked for, validators from the store's state, 304, Cache-Control."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from email.utils import formatdate, parsedate_to_datetime

import httpx
import pytest
from api_helpers import TOKEN, settings
from fastapi.testclient import TestClient

from argmap.api import assets
from argmap.api.caching import StoreGeneration, matches, not_modified_since
from argmap.api.main import GZIP_MIN_BYTES, create_app
from argmap.remote import RemoteStore
from argmap.store import OxigraphStore

SELECT_ALL = "SELECT * WHERE { ?s ?p ?o }"
NODE = "/map/gallagher-2022/cx-syria"
MAP_GRAPH = "https://w3id.org/argmap/map/gallagher-2022"
REC = "https://w3id.org/argmap/map/gallagher-2022/idc-rec-iii"
INSERT = (
    f"INSERT DATA {{ GRAPH <{MAP_GRAPH}> {{ <{REC}> "
    '<http://www.w3.org/2000/01/rdf-schema#comment> "revalidate me" } }'
)
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def raw_get(
    http: httpx.Client, params: dict[str, str], encoding: str
) -> tuple[httpx.Response, bytes]:
    """A GET and its body as it came over the wire (httpx would otherwise decode gzip)."""
    headers = {"Accept-Encoding": encoding}
    with http.stream("GET", "/sparql", params=params, headers=headers) as response:
        return response, b"".join(response.iter_raw())


def test_a_large_answer_is_gzipped_only_for_a_client_that_accepts_gzip(live_url: str) -> None:
    # A real server, and the bytes on the wire.
    params = {"query": SELECT_ALL}
    with httpx.Client(base_url=live_url, timeout=60) as http:
        plain, plain_body = raw_get(http, params, "identity")
        packed, packed_body = raw_get(http, params, "gzip")
    assert plain.status_code == packed.status_code == 200
    assert "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["vary"]
    assert int(packed.headers["content-length"]) == len(packed_body)
    assert len(packed_body) < len(plain_body) / 5  # SPARQL JSON repeats itself: it packs well
    assert gzip.decompress(packed_body) == plain_body
    assert packed.headers["etag"] == plain.headers["etag"]  # weak: one answer, two encodings


def test_a_small_answer_is_not_compressed(client: TestClient) -> None:
    response = client.get("/healthz", headers={"Accept-Encoding": "gzip"})
    assert len(response.content) < GZIP_MIN_BYTES
    assert "content-encoding" not in response.headers


def test_a_get_carries_validators_and_no_cache(client: TestClient) -> None:
    for path in (NODE, "/maps", "/ontology", f"/sparql?query={SELECT_ALL}"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["etag"].startswith('W/"'), path
        assert parsedate_to_datetime(response.headers["last-modified"]).tzinfo is not None
        assert response.headers["cache-control"] == "no-cache", path


def test_if_none_match_gives_304_without_a_body(client: TestClient) -> None:
    first = client.get(NODE, headers={"Accept": "text/turtle"})
    tag = first.headers["etag"]
    again = client.get(NODE, headers={"Accept": "text/turtle", "If-None-Match": tag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == tag
    assert again.headers["cache-control"] == "no-cache"
    assert "Accept" in again.headers["vary"]
    # Another tag, or the same one sent strong, or a list that holds it.
    assert (
        client.get(NODE, headers={"Accept": "text/turtle", "If-None-Match": 'W/"x"'}).status_code
        == 200
    )
    listed = f'"other", {tag.removeprefix("W/")}'
    assert (
        client.get(NODE, headers={"Accept": "text/turtle", "If-None-Match": listed}).status_code
        == 304
    )
    assert client.get(NODE, headers={"If-None-Match": "*"}).status_code == 304


def test_the_etag_depends_on_the_media_type_and_the_request(client: TestClient) -> None:
    turtle = client.get(NODE, headers={"Accept": "text/turtle"}).headers["etag"]
    ntriples = client.get(NODE, headers={"Accept": "application/n-triples"}).headers["etag"]
    other = client.get("/map/gallagher-2022/cx-myanmar", headers={"Accept": "text/turtle"})
    assert len({turtle, ntriples, other.headers["etag"]}) == 3
    # The turtle tag does not validate the N-Triples answer.
    response = client.get(
        NODE, headers={"Accept": "application/n-triples", "If-None-Match": turtle}
    )
    assert response.status_code == 200


def test_head_has_the_validators_of_get(client: TestClient) -> None:
    got, head = client.get(NODE), client.head(NODE)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == got.headers["etag"]
    tag = got.headers["etag"]
    assert client.head(NODE, headers={"If-None-Match": tag}).status_code == 304


def test_if_modified_since(client: TestClient) -> None:
    first = client.get(NODE)
    modified = first.headers["last-modified"]
    assert client.get(NODE, headers={"If-Modified-Since": modified}).status_code == 304
    earlier = formatdate(parsedate_to_datetime(modified).timestamp() - 60, usegmt=True)
    assert client.get(NODE, headers={"If-Modified-Since": earlier}).status_code == 200
    assert client.get(NODE, headers={"If-Modified-Since": "yesterday"}).status_code == 200
    # If-None-Match takes precedence: a stale tag with a fresh date is a 200.
    both = {"If-None-Match": 'W/"stale"', "If-Modified-Since": modified}
    assert client.get(NODE, headers=both).status_code == 200


def test_errors_and_writes_are_no_store(client: TestClient) -> None:
    missing = client.get("/map/gallagher-2022/no-such-node")
    assert missing.status_code == 404
    assert missing.headers["cache-control"] == "no-store"
    assert "etag" not in missing.headers
    # The same request with If-None-Match * is still a 404: there is nothing to match.
    assert (
        client.get("/map/gallagher-2022/no-such-node", headers={"If-None-Match": "*"}).status_code
        == 404
    )
    posted = client.post("/sparql", data={"query": "ASK {}"})
    assert posted.status_code == 200
    assert posted.headers["cache-control"] == "no-store"
    assert "etag" not in posted.headers


def test_static_files_are_revalidated_by_their_own_etag(client: TestClient) -> None:
    built = sorted(p for p in assets.DIST.rglob("*") if p.is_file() and p.name != ".built")
    assert built, assets.NOT_BUILT
    path = "/static/" + built[0].relative_to(assets.DIST).as_posix()
    response = client.get(path)
    assert response.status_code == 200
    # Their names stay the same from one build to the next: a browser must ask again.
    assert response.headers["cache-control"] == "no-cache"
    # Starlette's own validators for a file, which do not change with the store.
    revalidated = client.get(path, headers={"If-None-Match": response.headers["etag"]})
    assert revalidated.status_code == 304


@pytest.fixture
def writable(built_store: OxigraphStore) -> Iterator[TestClient]:
    store = OxigraphStore()
    store.replace_graphs({g: built_store.graph(g) for g in built_store.graph_names()})
    with TestClient(create_app(settings(update_token=TOKEN), store)) as client:
        yield client


def test_a_write_makes_every_validator_stale(writable: TestClient) -> None:
    client = writable
    before = client.get(NODE)
    rec = client.get("/map/gallagher-2022/idc-rec-iii")
    tag, modified = before.headers["etag"], before.headers["last-modified"]
    assert client.get(NODE, headers={"If-None-Match": tag}).status_code == 304
    response = client.post("/sparql", data={"update": INSERT}, headers=AUTH)
    assert response.status_code == 204, response.text
    assert response.headers["cache-control"] == "no-store"
    after = client.get(NODE, headers={"If-None-Match": tag})
    assert after.status_code == 200
    assert after.headers["etag"] != tag
    assert parsedate_to_datetime(after.headers["last-modified"]) > parsedate_to_datetime(modified)
    assert client.get(NODE, headers={"If-Modified-Since": modified}).status_code == 200
    # The node the update changed says so, under its new tag.
    changed = client.get(
        "/map/gallagher-2022/idc-rec-iii", headers={"If-None-Match": rec.headers["etag"]}
    )
    assert changed.status_code == 200 and "revalidate me" in changed.text


def test_the_generation_moves_on_by_a_second_at_least() -> None:
    generation = StoreGeneration()
    first = generation.state()
    generation.bump()
    generation.bump()
    last = generation.state()
    assert last.number == first.number + 2
    assert last.modified >= first.modified + 2
    assert last.instance == first.instance != StoreGeneration().state().instance


def test_the_header_parsers() -> None:
    assert matches('W/"a", "b"', '"b"') and matches("*", 'W/"z"') and not matches('"a"', 'W/"b"')
    assert not_modified_since("Thu, 01 Jan 2026 00:00:00 GMT", 1767225600)
    assert not not_modified_since("Thu, 01 Jan 2026 00:00:00 GMT", 1767225601)
    assert not not_modified_since("not a date", 0)


def test_rest_writes_make_validators_stale_too(writable: TestClient) -> None:
    client = writable
    listing = client.get("/maps")
    tag = listing.headers["etag"]
    assert client.get("/maps", headers={"If-None-Match": tag}).status_code == 304
    turtle = client.get("/maps/gallagher-2022/export?format=turtle").text
    put = client.put(
        "/maps/gallagher-2022-copy",
        content=turtle.replace("/map/gallagher-2022", "/map/gallagher-2022-copy"),
        headers={**AUTH, "Content-Type": "text/turtle"},
    )
    assert put.status_code in (200, 201), put.text
    assert put.headers["cache-control"] == "no-store"
    added = client.get("/maps", headers={"If-None-Match": tag})
    assert added.status_code == 200 and "gallagher-2022-copy" in added.text
    tag = added.headers["etag"]
    assert client.delete("/maps/gallagher-2022-copy", headers=AUTH).status_code == 204
    removed = client.get("/maps", headers={"If-None-Match": tag})
    assert removed.status_code == 200 and "gallagher-2022-copy" not in removed.text


def test_over_a_remote_store_nothing_is_validated(oxigraph_maps: RemoteStore) -> None:
    # Others may write to a remote store unseen: a tag could promise what is no longer true.
    with TestClient(create_app(settings(), oxigraph_maps)) as client:
        response = client.get("/maps/gallagher-2022")
        assert response.status_code == 200
        assert "etag" not in response.headers and "last-modified" not in response.headers
        assert response.headers["cache-control"] == "no-cache"

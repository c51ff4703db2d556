"""Who wrote a paper and where it is: identifiers, the services that know them, and the
records they give.

One module a concern, each small and importable on its own:

- ``identifiers``: what an arXiv id, a DOI, an OpenReview forum id or a DBLP key looks like,
  and how a link or a bare id names one (pure, no network).
- ``record``: the frozen ``Record`` every source is parsed into.
- ``arxiv``, ``openreview``, ``crossref``, ``dblp``: each service's URL and the pure parser of
  its real response format (Atom XML, API v2 JSON, works JSON, search JSON).
- ``safety``: the checks a body passes before it is parsed (size, HTML where XML/JSON was
  asked, entity bombs through defusedxml).
- ``services``: each service's base URL (overridable by an environment variable, for tests)
  and its politeness (the minimum interval between requests).
- ``client``: the one HTTP client (httpx): User-Agent, a deadline per request, retries with
  backoff honouring Retry-After; ``gate``: the rate gate each service's requests pass, shared
  by every snn-papers process of the user.
- ``cache``: what each service said about each identifier, kept in the user cache folder so
  a second run needs no network (``--offline`` uses it alone).
- ``venue_map``: a source's venue string ("ICLR 2024 poster", "Advances in Neural
  Information Processing Systems") to a venue of the registry.
- ``lookup``: fetching records for identifiers and titles (batched arXiv queries), the title
  check, and merging records into the fields a paper lacks.

What goes wrong is one of the project's own errors (``errors.MetadataError`` and its kinds:
unreachable, bad response, not found, not cached, title mismatch), one line each.

Importing this package loads nothing heavy: httpx and defusedxml are imported only by
``client`` and ``safety``, which only ``add URL`` and ``enrich`` reach.
"""

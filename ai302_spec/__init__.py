"""Classify every change between two versions of an OpenAPI 3.1 spec.

`ai302-spec diff OLD NEW` says, for each change, whether it breaks an existing caller of
the HTTP API or of the client generated from the spec, before the client is regenerated.
"""

from ai302_spec.changes import Change, Level
from ai302_spec.compare import compare_specs

__all__ = ["Change", "Level", "compare_specs"]

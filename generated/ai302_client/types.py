"""Contains some shared types for properties"""

from collections.abc import Mapping, MutableMapping
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import IO, BinaryIO, Generic, Literal, TypeVar

from ai302_runtime.images import ImageInput
from attrs import define

from .spec_facts import IMAGE_TYPES


class Unset:
    """The type of UNSET: a field the caller did not set, which stays off the wire"""

    def __bool__(self) -> Literal[False]:
        return False


UNSET: Unset = Unset()

# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type

    @classmethod
    def from_image(cls, source: "str | Path | bytes") -> "File":
        """A multipart file part from an image path or bytes, typed by its content.

        Raises errors.InvalidInputError for a type outside the spec's x-image-types.
        """
        image = ImageInput.load(source, IMAGE_TYPES)
        return cls(
            payload=BytesIO(image.data),
            file_name=image.file_name,
            mime_type=image.mime_type,
        )


T = TypeVar("T")


@define
class Response(Generic[T]):
    """A response from an endpoint: status, headers, raw content and the parsed body"""

    status_code: HTTPStatus
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None

    @property
    def request_id(self) -> str | None:
        """The server's x-request-id header, for support requests"""
        return self.headers.get("x-request-id")

    @property
    def retry_after(self) -> str | None:
        """The Retry-After header as sent (seconds or an HTTP date), if any"""
        return self.headers.get("retry-after")


__all__ = ["UNSET", "File", "FileTypes", "RequestFiles", "Response", "Unset"]

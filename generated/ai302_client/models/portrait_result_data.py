from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from ai302_runtime.checks import SchemaMismatch, check_json_type
from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.algorithm_base_resp import AlgorithmBaseResp


T = TypeVar("T", bound="PortraitResultData")


@_attrs_define
class PortraitResultData:
    """
    Attributes:
        algorithm_base_resp (AlgorithmBaseResp):
        binary_data_base64 (list[str]): Base64 images, filled when `return_url` is not true.
        image_urls (list[str]): Image links, filled when `return_url` is true.
        resp_data (str): JSON-serialized algorithm output; callers may ignore it.
        comfyui_cost (str):
        image_output (None):
        log_output (str):
        status (str): Task status. Known values (inferred): `in_queue`, `generating`, `done`
            (finished: judge success by `code`), `failed` (the task failed: an
            error), `not_found` (unknown task, or expired after 12 hours), `expired`
            (submit again). Other values may appear, so this is a string and not a
            closed enum.
    """

    algorithm_base_resp: AlgorithmBaseResp
    binary_data_base64: list[str]
    image_urls: list[str]
    resp_data: str
    comfyui_cost: str
    image_output: None
    log_output: str
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for this model: only the fields that are set."""
        algorithm_base_resp = self.algorithm_base_resp.to_dict()

        binary_data_base64 = self.binary_data_base64

        image_urls = self.image_urls

        resp_data = self.resp_data

        comfyui_cost = self.comfyui_cost

        image_output = self.image_output

        log_output = self.log_output

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "algorithm_base_resp": algorithm_base_resp,
                "binary_data_base64": binary_data_base64,
                "image_urls": image_urls,
                "resp_data": resp_data,
                "comfyui_cost": comfyui_cost,
                "image_output": image_output,
                "log_output": log_output,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Parse a JSON object; a value that breaks the spec raises SchemaMismatch."""
        from ..models.algorithm_base_resp import AlgorithmBaseResp

        if not isinstance(src_dict, Mapping):
            raise SchemaMismatch(
                f"PortraitResultData: expected an object, got {type(src_dict).__name__}"
            )
        d = dict(src_dict)
        algorithm_base_resp = AlgorithmBaseResp.from_dict(d.pop("algorithm_base_resp"))

        binary_data_base64 = cast(
            list[str],
            check_json_type(
                d.pop("binary_data_base64"),
                "list[str]",
                "binary_data_base64",
                optional=False,
            ),
        )

        image_urls = cast(
            list[str],
            check_json_type(
                d.pop("image_urls"), "list[str]", "image_urls", optional=False
            ),
        )

        resp_data = check_json_type(
            d.pop("resp_data"), "str", "resp_data", optional=False
        )

        comfyui_cost = check_json_type(
            d.pop("comfyui_cost"), "str", "comfyui_cost", optional=False
        )

        image_output = check_json_type(
            d.pop("image_output"), "None", "image_output", optional=False
        )

        log_output = check_json_type(
            d.pop("log_output"), "str", "log_output", optional=False
        )

        status = check_json_type(d.pop("status"), "str", "status", optional=False)

        portrait_result_data = cls(
            algorithm_base_resp=algorithm_base_resp,
            binary_data_base64=binary_data_base64,
            image_urls=image_urls,
            resp_data=resp_data,
            comfyui_cost=comfyui_cost,
            image_output=image_output,
            log_output=log_output,
            status=status,
        )

        portrait_result_data.additional_properties = d
        return portrait_result_data

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties

"""Contains all the data models used in inputs/outputs"""

from .algorithm_base_resp import AlgorithmBaseResp
from .error_detail import ErrorDetail
from .error_response import ErrorResponse
from .headshot_multipart_request import HeadshotMultipartRequest
from .headshot_options import HeadshotOptions
from .headshot_request import HeadshotRequest
from .headshot_response import HeadshotResponse
from .headshot_style import HeadshotStyle
from .logo_info import LogoInfo
from .logo_info_language import LogoInfoLanguage
from .logo_info_position import LogoInfoPosition
from .person_type import PersonType
from .portrait_req_json import PortraitReqJson
from .portrait_req_json_aigc_meta import PortraitReqJsonAigcMeta
from .portrait_result_data import PortraitResultData
from .portrait_result_request import PortraitResultRequest
from .portrait_result_response import PortraitResultResponse
from .portrait_submit_data import PortraitSubmitData
from .portrait_submit_request import PortraitSubmitRequest
from .portrait_submit_response import PortraitSubmitResponse

__all__ = (
    "AlgorithmBaseResp",
    "ErrorDetail",
    "ErrorResponse",
    "HeadshotMultipartRequest",
    "HeadshotOptions",
    "HeadshotRequest",
    "HeadshotResponse",
    "HeadshotStyle",
    "LogoInfo",
    "LogoInfoLanguage",
    "LogoInfoPosition",
    "PersonType",
    "PortraitReqJson",
    "PortraitReqJsonAigcMeta",
    "PortraitResultData",
    "PortraitResultRequest",
    "PortraitResultResponse",
    "PortraitSubmitData",
    "PortraitSubmitRequest",
    "PortraitSubmitResponse",
)

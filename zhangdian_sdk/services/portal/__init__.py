"""The citizen portal (FastAPI): application lookup, certificate verification, data-use log, transparency."""

from zhangdian_sdk.services.portal.app import PortalConfig, create_app

__all__ = ["PortalConfig", "create_app"]

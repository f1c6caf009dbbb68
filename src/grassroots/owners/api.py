"""placeholder"""

from ninja import Router

router = Router(tags=["业主表决"])

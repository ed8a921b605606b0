"""VMFS datastore layouts under three strategies."""

from .models import Datastore, LayoutItem, LayoutResult, StrategyLayout
from .plan import plan_layouts

__all__ = ["Datastore", "LayoutItem", "LayoutResult", "StrategyLayout", "plan_layouts"]

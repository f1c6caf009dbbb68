"""What pairing co-construction adds (结对共建): paired county units and their communities."""

from grassroots.kernel.plugins import Plugin

plugin = Plugin(
    name="pairing",
    demo_seeds="grassroots.pairing.demo_seeds",
    scope_samples="grassroots.pairing.testing",
)

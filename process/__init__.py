"""Moving an instance through its process (BPMN tasks, gateways, end)."""

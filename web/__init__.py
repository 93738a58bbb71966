"""The HTTP face of Blankett: one blueprint per area, thin, calling into forms/ and storage/."""

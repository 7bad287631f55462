"""Page objects: one module per LinkedIn page the driver works on."""

"""The Pulumi program: build(config) composes the components; the config -> component-args wiring."""

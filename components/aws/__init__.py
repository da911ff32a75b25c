"""AWS components: DandisetStorage, ApiIdentity, Dns."""

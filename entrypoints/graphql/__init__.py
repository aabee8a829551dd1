"""GraphQL at /graphql (spec 4.3): strawberry over the same use cases as REST."""

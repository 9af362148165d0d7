// The targets live with loadgate's config defaults so there is one source of truth.
export * from '../../src/config/scenario-targets';

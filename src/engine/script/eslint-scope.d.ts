/** The part of eslint-scope's API that asyncify.ts uses (the package ships no types). */
declare module 'eslint-scope' {
  interface EstreeNode {
    type: string;
    start: number;
    end: number;
  }

  export interface Reference {
    identifier: EstreeNode;
    init?: boolean;
    resolved: Variable | null;
    isWrite(): boolean;
  }

  export interface Variable {
    name: string;
    references: Reference[];
    defs: Array<{ type: string; node: EstreeNode; name: EstreeNode }>;
  }

  export interface Scope {
    type: string;
    variables: Variable[];
    through: Reference[];
    childScopes: Scope[];
  }

  export interface ScopeManager {
    scopes: Scope[];
    globalScope: Scope;
    getDeclaredVariables(node: EstreeNode): Variable[];
  }

  export function analyze(
    ast: EstreeNode,
    options: { ecmaVersion: number; sourceType: 'script' | 'module' | 'commonjs'; nodejsScope?: boolean; ignoreEval?: boolean },
  ): ScopeManager;
}

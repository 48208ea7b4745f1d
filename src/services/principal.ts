/** Who a use case runs for: the workspace it may touch and the user its writes are made by. */
export interface Principal {
  workspaceId: string;
  /** The workspace owner: who "the user making the request" is for defaults like assigned_to. */
  userId: string;
  apiKeyId: string | null;
  isAdmin: boolean;
  scopes: readonly string[];
}

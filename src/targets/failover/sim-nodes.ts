/** The nodes of a failover cluster: the store (node 0) and the servers. */
import type { StoreNode } from "./dependency/store-node.js";
import type { ServerNode } from "./server-node.js";

export type FailoverNode = StoreNode | ServerNode;

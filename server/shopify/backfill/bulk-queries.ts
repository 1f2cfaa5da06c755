// GraphQL documents for the backfill (Admin API 2025-10): the two bulk exports, the mutation that starts
// one, and the status query. Customer contact fields use defaultEmailAddress / defaultPhoneNumber
// (2025-04+); consent comes from smsMarketingConsent.
import type { SyncResource } from '../../contracts/index.js';

export const CUSTOMERS_BULK_QUERY = /* GraphQL */ `
{
  customers {
    edges {
      node {
        id
        firstName
        lastName
        defaultEmailAddress { emailAddress }
        defaultPhoneNumber { phoneNumber }
        defaultAddress { countryCodeV2 provinceCode zip }
        tags
        createdAt
        updatedAt
        smsMarketingConsent { marketingState marketingOptInLevel consentUpdatedAt }
      }
    }
  }
}
`;

export const ORDERS_BULK_QUERY = /* GraphQL */ `
{
  orders {
    edges {
      node {
        id
        name
        email
        phone
        customer { id }
        createdAt
        updatedAt
        cancelledAt
        closedAt
        currencyCode
        totalPriceSet { shopMoney { amount currencyCode } }
        subtotalPriceSet { shopMoney { amount } }
        totalDiscountsSet { shopMoney { amount } }
        totalRefundedSet { shopMoney { amount } }
        discountCodes
        displayFinancialStatus
        displayFulfillmentStatus
        statusPageUrl
        lineItems {
          edges {
            node {
              id
              title
              quantity
              vendor
              sku
              originalUnitPriceSet { shopMoney { amount } }
              product { id productType vendor }
              variant { id }
            }
          }
        }
      }
    }
  }
}
`;

export const BULK_QUERIES: Record<SyncResource, string> = {
  customers: CUSTOMERS_BULK_QUERY,
  orders: ORDERS_BULK_QUERY,
};

// groupObjects: true keeps each order's line items right after it in the JSONL, which the importer
// relies on to skip the line items of an order it did not overwrite (see import-bulk-result.ts).
export const RUN_BULK_QUERY_MUTATION = /* GraphQL */ `
  mutation RunBulkQuery($query: String!) {
    bulkOperationRunQuery(query: $query, groupObjects: true) {
      bulkOperation { id status }
      userErrors { field message code }
    }
  }
`;

export interface RunBulkQueryData {
  bulkOperationRunQuery: {
    bulkOperation: { id: string; status: BulkOperationStatusValue } | null;
    userErrors: Array<{ field: string[] | null; message: string; code: string | null }>;
  };
}

export const BULK_OPERATION_STATUS_QUERY = /* GraphQL */ `
  query BulkOperationStatus($id: ID!) {
    node(id: $id) {
      ... on BulkOperation {
        id
        status
        errorCode
        objectCount
        rootObjectCount
        url
        partialDataUrl
        completedAt
      }
    }
  }
`;

export type BulkOperationStatusValue =
  'CANCELED' | 'CANCELING' | 'COMPLETED' | 'CREATED' | 'EXPIRED' | 'FAILED' | 'RUNNING';

export interface BulkOperationNode {
  id: string;
  status: BulkOperationStatusValue;
  errorCode: string | null;
  /** UnsignedInt64, serialized as a string. */
  objectCount: string;
  rootObjectCount: string;
  url: string | null;
  partialDataUrl: string | null;
  completedAt: string | null;
}

export interface BulkOperationStatusData {
  node: BulkOperationNode | null;
}

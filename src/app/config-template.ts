/** The commented `kfax.yaml` that `kfax init` writes. Secrets come from the environment. */
export const CONFIG_TEMPLATE = `# kfax configuration — see docs/configuration.md for every key and its default.
# Secrets are never written here: \${NAME} reads an environment variable, and any key ending in
# "File" (e.g. passwordFile) reads the value from a file (Docker/Kubernetes secrets).

# Durable state: a file path selects SQLite (one process), a postgres:// URL selects PostgreSQL
# (several processes, e.g. one per flow).
store:
  url: ./kfax.sqlite

# KashFlow (REST v2 + the SOAP API for payments). Enable API access in KashFlow under
# Apps → API Settings. To try kfax safely first, run \`kfax sandbox --json\` and use its URLs.
kashflow:
  restUrl: https://api.kashflow.com/v2
  soapUrl: https://securedwebapp.com/api/service.asmx
  username: \${KASHFLOW_USERNAME}
  password: \${KASHFLOW_PASSWORD}
  memorableWord: \${KASHFLOW_MEMORABLE_WORD}
  polling:
    hotIntervalSeconds: 60       # recent and unpaid documents
    fullIntervalSeconds: 3600    # every document
    customersIntervalSeconds: 300

# Dynamics AX 2012: the AIF integration port on IIS (HTTP adapter).
ax:
  url: http://aos.example.local:8101/MicrosoftDynamicsAXAif60/KFAX/xppservice.svc
  company: kfuk
  auth:
    kind: ntlm                   # or basic (only over TLS)
    domain: CONTOSO
    username: \${AX_USERNAME}
    password: \${AX_PASSWORD}
  connections: 4
  batch:
    enabled: true                # several documents per call when AX keeps timing out or every connection is busy

# The web shop and payment gateway webhooks (POST /webhooks/shopify, /webhooks/stripe).
shop:
  sources:
    shopify:
      secret: \${SHOPIFY_WEBHOOK_SECRET}
    stripe:
      secret: \${STRIPE_WEBHOOK_SECRET}
  kashflow:
    salesNominalCode: 4010       # product lines
    shippingNominalCode: 4900    # delivery lines
    bankAccountId: 4             # where gateway payments land
    paymentMethodId: 6

# Which flows this process runs (kfax run --flows overrides) and when invoices go to AX.
flows:
  enabled: [shop-orders, shop-payments, invoices, payments, customers, polling]
  invoiceTrigger: issued         # or paid

# KashFlow → AX mapping (GL accounts, dimensions, VAT, currency): see docs/mapping.md.
mapping:
  file: ./kfax-mapping.yaml
  reference: ax                  # read AX reference data from the port at start-up

# HTTP server: webhooks, /healthz, /readyz, /metrics, and the admin API when a token is set.
server:
  host: 127.0.0.1
  port: 8080
  # adminToken: \${KFAX_ADMIN_TOKEN}

# Limits per endpoint (kashflow, ax): concurrency, rate limit, breaker, retries.
endpoints:
  ax:
    concurrency: 4
  kashflow:
    concurrency: 8
`;

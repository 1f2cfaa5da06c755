// What a shopper sees for an unknown, mistyped or deleted short link: a small friendly page, not an error.
export const LINK_NOT_FOUND_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Link not found</title>
<style>
  body { margin: 0; min-height: 100vh; display: flex; align-items: center; justify-content: center;
         font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, sans-serif; background: #f6f6f7; color: #202223; }
  main { max-width: 22rem; padding: 2rem; text-align: center; }
  h1 { font-size: 1.25rem; margin: 0 0 .75rem; }
  p { margin: 0; line-height: 1.5; color: #6d7175; }
</style>
</head>
<body>
<main>
  <h1>This link isn't available</h1>
  <p>It may have been mistyped or it has expired. Please check the message you received, or visit the store directly.</p>
</main>
</body>
</html>
`;

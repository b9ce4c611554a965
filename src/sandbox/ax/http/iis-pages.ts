/**
 * The HTML bodies IIS sends for its own errors (abbreviated): what a client sees when IIS,
 * not WCF, answers.
 */

function page(title: string, heading: string, text: string): string {
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"/><title>${esc(title)}</title></head><body><div id="header"><h1>Server Error</h1></div><div id="content"><div class="content-container"><fieldset><h2>${esc(heading)}</h2><h3>${esc(text)}</h3></fieldset></div></div></body></html>`;
}

export const IIS_401 = page('401 - Unauthorized: Access is denied due to invalid credentials.', '401 - Unauthorized: Access is denied due to invalid credentials.', 'You do not have permission to view this directory or page using the credentials that you supplied.');
export const IIS_404 = page('404 - File or directory not found.', '404 - File or directory not found.', 'The resource you are looking for might have been removed, had its name changed, or is temporarily unavailable.');
export const IIS_413 = page('413 - Request Entity Too Large', '413 - Request Entity Too Large', 'The page was not displayed because the request entity is too large.');
export const IIS_503 = page('Service Unavailable', 'HTTP Error 503. The service is unavailable.', 'The application pool is busy or stopped.');
export const IIS_429 = page('Too Many Requests', 'HTTP Error 429. Too many requests.', 'The server is limiting the rate of requests; retry after the time given in Retry-After.');
export const IIS_502 = page('502 - Web server received an invalid response while acting as a gateway or proxy server.', '502 - Bad Gateway', 'There is a problem with the page you are looking for, and it cannot be displayed.');
export const IIS_504 = page('504 - Gateway Timeout', '504 - Gateway Timeout', 'The server, while acting as a gateway or proxy, did not receive a timely response.');
export const IIS_405 = page('405 - HTTP verb used to access this page is not allowed.', '405 - HTTP verb used to access this page is not allowed.', 'The page you are looking for cannot be displayed because an invalid method (HTTP verb) was used to attempt access.');

/** The WCF "You have created a service." page shown for a GET without `?wsdl`. */
export function serviceHelpPage(url: string): string {
  return `<html><head><title>Service</title></head><body><h1>RoutingService Service</h1><p>You have created a service.</p><p>To test this service, you will need to create a client and use it to call the service. You can do this using the svcutil.exe tool from the command line with the following syntax:</p><pre>svcutil.exe ${url.replace(/&/g, '&amp;').replace(/</g, '&lt;')}?wsdl</pre></body></html>`;
}

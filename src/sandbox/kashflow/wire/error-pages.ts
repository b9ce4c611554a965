/** HTML pages an IIS front end / load balancer answers with (used for injected 502/503/504). */
export const HTML_ERROR_PAGES: Readonly<Record<number, string>> = {
  502: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>',
  503: '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN""http://www.w3.org/TR/html4/strict.dtd">\r\n<HTML><HEAD><TITLE>Service Unavailable</TITLE>\r\n<META HTTP-EQUIV="Content-Type" Content="text/html; charset=us-ascii"></HEAD>\r\n<BODY><h2>Service Unavailable</h2>\r\n<hr><p>HTTP Error 503. The service is unavailable.</p>\r\n</BODY></HTML>\r\n',
  504: '<html><head><title>504 Gateway Time-out</title></head><body><center><h1>504 Gateway Time-out</h1></center></body></html>',
};

/** IIS's answer to a body over the size limit. */
export const HTML_TOO_LARGE = '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN""http://www.w3.org/TR/html4/strict.dtd">\r\n<HTML><HEAD><TITLE>Request Entity Too Large</TITLE></HEAD>\r\n<BODY><h2>Request Entity Too Large</h2>\r\n<hr><p>HTTP Error 413. The request entity is too large.</p>\r\n</BODY></HTML>\r\n';

/**
 * The link an H5 page shares for `path`: the app's own address with the page in its hash (the H5
 * build routes by hash), e.g. https://shop.example/app/#/groupbuy/pages/group/index?id=g1.
 */
export function h5ShareLink(currentHref: string, path: string): string {
  const base = currentHref.split('#')[0]!;
  return `${base}#${path.startsWith('/') ? path : `/${path}`}`;
}

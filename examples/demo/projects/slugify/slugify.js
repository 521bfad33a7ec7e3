export function slugify(title) {
  return title.replace(/ /g, '-');
}

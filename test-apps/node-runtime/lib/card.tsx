export function Card({ title, items }: { title: string; items: string[] }) {
  return (
    <article className="card" data-count={items.length}>
      <h1>{title}</h1>
      <ul>
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
      <p>{'<escaped> & "quoted"'}</p>
    </article>
  )
}

# A Ruby Pampa configuration as its README writes one
require 'pampa'

DB = Sequel.connect('postgres://user:pass@localhost/db') # passed over: not a Pampa call

# setup one or more nodes (computers) where to launch worker processes
BlackStack::Pampa.add_nodes(
  [
    {
      :name => 'local',
      # setup SSH connection parameters
      :net_remote_ip => '127.0.0.1',  
      :ssh_username => '<your ssh username>', # example: root
      :ssh_port => 22,
      :ssh_password => '<your ssh password>',
      # setup max number of worker processes
      :max_workers => 2,
    },
    {
      :name => 'n01',
      :net_remote_ip => '54.160.137.218',
      :ssh_username => 'ubuntu',
      :ssh_port => 22,
      :ssh_private_key_file => './plank.pem',
      :max_workers => 2,
      :max_ram => 512,
      :max_cpu => 10,
      :max_disk_io => 1000,
      :max_net_io => 1000,
    },
  ]
)

BlackStack::Pampa.add_job({
  :name => 'search_odd_numbers',

  # any worker can be assigned for processing this job.
  :filter_worker_id => /\.1$/,
  :max_assigned_workers => 5,
  :max_pending_tasks => 500,
  :queue_size => 5, 
  :max_job_duration_minutes => 15,  
  :max_try_times => 3,

  :table => :numbers, # Note, that we are sending a class object here
  :field_primary_key => :value,
  :field_id => :odd_checking_reservation_id,
  :field_time => :odd_checking_reservation_time, 
  :field_times => :odd_checking_reservation_times,
  :field_start_time => :odd_checking_start_time,
  :field_end_time => :odd_checking_end_time,
  :field_success => :odd_checking_success,
  :field_error_description => :odd_checking_error_description,

  # Function to execute for each task.
  :processing_function => Proc.new do |task, l, job, worker, *args|
    l.logs 'Checking if '+task[:value].to_s+' is odd... '
    if task[:value] % 2 == 0
      task[:is_odd] = false
      l.logf 'No.'.red # the word end in a comment
    else
      task[:is_odd] = true
      l.logf "Yes. end".green
    end
    l.logf 'done' if task[:is_odd]
    DB[:numbers].where(:value=>task[:value]).update(:is_odd=>task[:is_odd])
  end,

  :selecting_function => Proc.new do |n, *args|
    DB["SELECT * FROM numbers WHERE odd_checking_reservation_id IS NULL LIMIT #{n}"].all
  end
})
